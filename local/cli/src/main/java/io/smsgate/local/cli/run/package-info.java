/**
 * {@code demo}, {@code simulate}, {@code invoke} and {@code smoke}: smsgate's functions run on one machine, and the
 * local pipeline behind them (LocalTarget, LocalSystem, Pipeline, HandlerInvoker, TableWatcher, Report), which
 * the benchmarks and the soak and fuzz runs use too; that pipeline is this package's public surface.
 */
package io.smsgate.local.cli.run;
