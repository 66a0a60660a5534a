package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Registration-friendly senders: SendSmsFunction may send from exactly the identities its texts use.
 * With CodeOriginationIdentityArn and ReplyOriginationIdentityArn both given, the deployment's own
 * number is not granted at all; with one given, the number keeps the other kind.
 */
class SendersTemplateTest {
    private static final CloudFormationTemplate TEMPLATE = Project.locate().template();
    private static final String NUMBER = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/number";
    private static final String CODES = "arn:aws:sms-voice:us-east-1:123456789012:pool/otp";
    private static final String REPLIES = "arn:aws:sms-voice:us-east-1:123456789012:pool/care";

    @ParameterizedTest(name = "codes from {0}, replies from {1}")
    @CsvSource({
        "'', '', number",
        "otp, '', number otp",
        "'', care, number care",
        "otp, care, otp care",
    })
    void theSendGrantNamesExactlyTheIdentitiesInUse(String codes, String replies, String granted) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("PhoneNumberSource", "existing");
        parameters.put("OriginationIdentityArn", NUMBER);
        parameters.put("CodeOriginationIdentityArn", codes.isEmpty() ? "" : CODES);
        parameters.put("ReplyOriginationIdentityArn", replies.isEmpty() ? "" : REPLIES);
        Intrinsics intrinsics = new Intrinsics(name -> parameters.containsKey(name) ? parameters.get(name) : defaultOf(name),
                (id, attribute) -> "arn:" + id + "." + attribute, TEMPLATE.conditions());

        List<String> identities = new ArrayList<>();
        for (Object resource : sendStatementResources(intrinsics)) {
            String arn = String.valueOf(resource);
            if (arn.equals(NUMBER)) {
                identities.add("number");
            } else if (arn.equals(CODES)) {
                identities.add("otp");
            } else if (arn.equals(REPLIES)) {
                identities.add("care");
            }
        }
        assertThat(identities).containsExactlyInAnyOrder(granted.split(" "));

        Map<?, ?> variables = (Map<?, ?>) intrinsics.resolve(environment());
        assertThat(variables.get("CODE_ORIGINATION_IDENTITY")).isEqualTo(codes.isEmpty() ? "" : CODES);
        assertThat(variables.get("REPLY_ORIGINATION_IDENTITY")).isEqualTo(replies.isEmpty() ? "" : REPLIES);
    }

    private static Object defaultOf(String name) {
        Object declared = TEMPLATE.parameters().get(name);
        if (declared instanceof Map<?, ?> parameter && parameter.containsKey("Default")) {
            return parameter.get("Default");
        }
        return name.startsWith("AWS::") ? (name.equals("AWS::NoValue") ? Intrinsics.NO_VALUE : name) : "ref:" + name;
    }

    private static Object environment() {
        Map<?, ?> environment = (Map<?, ?>) TEMPLATE.resource("SendSmsFunction").orElseThrow().properties().get("Environment");
        return environment.get("Variables");
    }

    private static List<?> sendStatementResources(Intrinsics intrinsics) {
        List<?> policies = (List<?>) TEMPLATE.resource("SendSmsFunction").orElseThrow().properties().get("Policies");
        for (Object policy : policies) {
            if (policy instanceof Map<?, ?> map && map.get("Statement") instanceof List<?> statements) {
                for (Object statement : statements) {
                    Map<?, ?> s = (Map<?, ?>) statement;
                    if ("SendTextMessages".equals(s.get("Sid"))) {
                        return (List<?>) intrinsics.resolve(s.get("Resource"));
                    }
                }
            }
        }
        throw new AssertionError("no SendTextMessages statement in SendSmsFunction's policies");
    }
}
