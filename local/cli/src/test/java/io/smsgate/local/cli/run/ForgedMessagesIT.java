package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.SealContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messages published straight to ApprovedCommandsTopic and OutboundSmsTopic on the emulator (as any
 * role with {@code sns:Publish} could, were it not for the topic policies), routed by the template's
 * subscriptions to the real handlers: forged, altered, re-keyed or replayed ones are dropped with their
 * reason, and nothing is posted, texted or reported to End User Messaging; the same message MACed by this
 * deployment goes through.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ForgedMessagesIT {
    private static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    private static final KeyRing ELSEWHERE = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
    private static final PhoneNumber ALICE = PhoneNumbers.trusted("+447700900123");

    private LocalSystem system;
    private LogCapture logs;
    private Report report;

    @BeforeEach
    void setUp(Stack stack, Project project, LogCapture logs) {
        stack.provisionAll();
        PolicySeed.write(project, stack);
        this.system = new LocalSystem(stack);
        this.logs = logs;
        this.report = new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static ApprovedCommand post(String id) {
        SealContext context = SealContext.inbound(id);
        Instant now = Instant.now();
        return new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, id, CommandName.POST, "GB", KEYS.seal(ALICE, context),
                "+12065550100", KEYS.sealText("a post nobody approved", context), now, "GB", PostingAuth.NONE, SimSwapCheck.OFF,
                SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 1000, now);
    }

    private LocalSystem.Trace approved(String message) {
        return system.publish("ApprovedCommandsTopic", message, Map.of("command", "POST", "country", "GB"), report, null);
    }

    private LocalSystem.Trace outbound(String message) {
        return system.publish("OutboundSmsTopic", message, Map.of("kind", "TEXT", "country", "GB"), report, null);
    }

    @Test
    void aForgedApprovedCommandPostsNothingAndTextsNobody() {
        LocalSystem.Trace unsigned = approved(Json.write(post("forged-1")));
        assertDropped(unsigned, "PostingFunction", "reason=MAC_MISSING");

        LocalSystem.Trace rekeyed = approved(new MessageSigner(ELSEWHERE).write(post("forged-2")));
        assertDropped(rekeyed, "PostingFunction", "reason=MAC_INVALID");

        ObjectNode altered = (ObjectNode) Json.tree(new MessageSigner(KEYS).write(post("forged-3")));
        altered.put("maxPostsPerHourPerAccount", 100000);
        assertDropped(approved(Json.write(altered)), "PostingFunction", "reason=MAC_INVALID");

        // The control: the same command MACed by this deployment is acted on (the number is not linked: one
        // generic reply, through the door out).
        LocalSystem.Trace genuine = approved(new MessageSigner(KEYS).write(post("genuine-1")));
        assertThat(genuine.hops()).extracting(Pipeline.Hop::function).containsExactly("PostingFunction", "SendSmsFunction",
                // The outbox publishes the reply's delivery event, as End User Messaging's event destination does.
                "DeliveryReceiptFunction");
        assertThat(genuine.texts()).singleElement().satisfies(text -> assertThat(text.body()).contains("turn on SMS posting"));
    }

    @Test
    void aForgedOutboundSmsIsNeverSent() {
        OutboundSms request = OutboundSms.text("forged-1#reply", OutboundSms.Purpose.HELP, KEYS.seal(ALICE, SealContext.outbound("forged-1#reply")),
                CountryCode.of("GB"), "Call +1 555 0100 to unlock your account", "forged-1", Instant.now());
        assertDropped(outbound(Json.write(request)), "SendSmsFunction", "reason=MAC_MISSING");
        assertDropped(outbound(new MessageSigner(ELSEWHERE).write(request)), "SendSmsFunction", "reason=MAC_INVALID");

        // A seal seen in one request, replayed in a new one under a valid MAC, does not open.
        OutboundSms replayed = OutboundSms.text("replayed-1#reply", OutboundSms.Purpose.HELP, request.recipient(), CountryCode.of("GB"),
                "Call +1 555 0100 to unlock your account", "replayed-1", Instant.now());
        assertDropped(outbound(new MessageSigner(KEYS).write(replayed)), "SendSmsFunction", "reason=SEALED_NUMBER_INVALID");

        LocalSystem.Trace genuine = outbound(new MessageSigner(KEYS).write(request));
        assertThat(genuine.texts()).as("the control: MACed by this deployment, it is sent").hasSize(1);
    }

    @Test
    void forgedConversionFeedbackIsNeverGiven() {
        // A real message id: a text this deployment sent (the outbox knows it, so genuine feedback for it is recorded).
        OutboundSms text = OutboundSms.text("feedback-1#reply", OutboundSms.Purpose.HELP,
                KEYS.seal(ALICE, SealContext.outbound("feedback-1#reply")), CountryCode.of("GB"), "Help text", "feedback-1", Instant.now());
        String messageId = outbound(new MessageSigner(KEYS).write(text)).texts().getFirst().messageId();
        logs.clear();
        MessageFeedback feedback = MessageFeedback.received(messageId, "forged-verification", "GB", Instant.now());

        assertDropped(feedbackFor(Json.write(feedback)), "SendSmsFunction", "reason=MAC_MISSING");
        assertDropped(feedbackFor(new MessageSigner(ELSEWHERE).write(feedback)), "SendSmsFunction", "reason=MAC_INVALID");
        // An OutboundSms MAC over a feedback body (the publishers' other key): not the MessageFeedback key.
        ObjectNode rekeyed = (ObjectNode) Json.mapper().valueToTree(feedback);
        rekeyed.put("mac", KEYS.mac(OutboundSms.TYPE, io.smsgate.shared.security.CanonicalJson.of(rekeyed)));
        assertDropped(feedbackFor(Json.write(rekeyed)), "SendSmsFunction", "reason=MAC_INVALID");
        assertThat(system.outbox().feedback()).as("nothing reported to End User Messaging").isEmpty();

        LocalSystem.Trace genuine = feedbackFor(new MessageSigner(KEYS).write(feedback));
        assertThat(genuine.hops()).extracting(Pipeline.Hop::function).containsExactly("SendSmsFunction");
        assertThat(genuine.texts()).as("feedback texts nobody").isEmpty();
        assertThat(system.outbox().feedback()).as("the control: MACed by this deployment, it is given")
                .singleElement().satisfies(given -> assertThat(given.messageId()).isEqualTo(messageId));
    }

    private LocalSystem.Trace feedbackFor(String message) {
        return system.publish("OutboundSmsTopic", message, Map.of("kind", "FEEDBACK", "country", "GB"), report, null);
    }

    private void assertDropped(LocalSystem.Trace trace, String function, String reason) {
        assertThat(trace.hops()).singleElement().satisfies(hop -> {
            assertThat(hop.function()).isEqualTo(function);
            assertThat(hop.error()).as("dropped, never thrown (no retry, no dead letter)").isNull();
        });
        assertThat(trace.on("PostsTopic")).isEmpty();
        if (function.equals("PostingFunction")) {
            assertThat(trace.on("OutboundSmsTopic")).as("no reply to a message we cannot trust").isEmpty();
        }
        assertThat(trace.texts()).isEmpty();
        assertThat(String.join("\n", logs.lines())).contains(reason);
        logs.clear();
    }
}
