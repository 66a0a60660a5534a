/**
 * {@code policy}: country policies and the kill switch read, previewed and changed, locally or on a deployed
 * stack. Other families use PolicySeed (policies/seed.yaml into a fresh stack) and PolicyEditor's kill switch.
 */
package io.smsgate.local.cli.policy;
