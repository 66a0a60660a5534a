/**
 * {@code bench cold-start|pipeline|posting|burst}: every benchmark, each ending with one line of figures. The
 * cold-start probe classes (ColdStart*, Bare*) run in fresh JVMs and are copied into the probe jar by name.
 */
package io.smsgate.local.cli.bench;
