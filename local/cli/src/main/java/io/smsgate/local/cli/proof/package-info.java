/**
 * {@code soak} and {@code fuzz}: the local pipeline under faults, chaotic delivery and hostile payloads, with
 * an audit of what must hold afterwards. Nothing here is used by another family.
 */
package io.smsgate.local.cli.proof;
