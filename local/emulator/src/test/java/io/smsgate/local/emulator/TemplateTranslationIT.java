package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml through aws-sam-translator (the SAM transform CloudFormation runs): SAM must accept it,
 * and the roles it generates must be least privilege.
 */
class TemplateTranslationIT {
    private static final Project PROJECT = Project.locate();
    private static JsonNode translated;

    @BeforeAll
    static void translate() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", PROJECT.resolve("local/sam-translate.py").toString(),
                PROJECT.resolve("template.yaml").toString()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("aws-sam-translator: %s", err).isZero();
        translated = new ObjectMapper().readTree(out);
    }

    @Test
    void samAcceptsTheTemplate() {
        assertThat(translated.path("Resources").size()).isGreaterThan(10);
        assertThat(types()).contains("AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::Lambda::EventInvokeConfig");
    }

    @Test
    void everyFunctionIsArm64Java21WithSnapStartJsonLogsItsOwnLogGroupAndADeadLetterQueue() {
        Map<String, JsonNode> functions = resourcesOfType("AWS::Lambda::Function");
        assertThat(functions).isNotEmpty();
        functions.forEach((id, function) -> {
            JsonNode properties = function.path("Properties");
            assertThat(properties.path("Runtime").asText()).as(id).isEqualTo("java21");
            assertThat(properties.path("Architectures").toString()).as(id).isEqualTo("[\"arm64\"]");
            assertThat(properties.path("SnapStart").path("ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
            assertThat(properties.path("LoggingConfig").path("LogFormat").asText()).as(id).isEqualTo("JSON");
            assertThat(properties.path("LoggingConfig").path("LogGroup").path("Ref").asText()).as(id).endsWith("LogGroup");
            assertThat(properties.path("TracingConfig").path("Mode").asText()).as(id).isEqualTo("Active");
        });
        Map<String, JsonNode> configs = resourcesOfType("AWS::Lambda::EventInvokeConfig");
        Set<String> withDeadLetter = new TreeSet<>();
        configs.values().forEach(config -> {
            JsonNode properties = config.path("Properties");
            assertThat(properties.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
            if (!properties.path("DestinationConfig").path("OnFailure").path("Destination").isMissingNode()) {
                withDeadLetter.add(properties.path("FunctionName").path("Ref").asText());
            }
        });
        Set<String> asynchronous = new TreeSet<>();
        resourcesOfType("AWS::SNS::Subscription").values().stream()
                .filter(subscription -> subscription.path("Properties").path("Protocol").asText().equals("lambda"))
                .forEach(subscription -> asynchronous.add(subscription.path("Properties").path("Endpoint").path("Ref").asText()
                        .replaceAll("Alias\\w+$", "")));
        assertThat(asynchronous).isNotEmpty();
        assertThat(withDeadLetter).as("every SNS-triggered function dead-letters").containsAll(asynchronous);
    }

    @Test
    void rolesNameTheirResourcesAndNoWildcardActions() {
        for (Map.Entry<String, List<JsonNode>> role : statementsByRole().entrySet()) {
            for (JsonNode statement : role.getValue()) {
                for (String action : texts(statement.path("Action"))) {
                    assertThat(action).as(role.getKey()).doesNotEndWith(":*").isNotEqualTo("*");
                    if (action.equals("sms-voice:PutMessageFeedback")) {
                        // It acts on message ids and takes no resource but "*": granted alone, and only to the door out.
                        assertThat(texts(statement.path("Action"))).as(role.getKey()).containsExactly(action);
                        assertThat(statement.path("Resource").asText()).as(role.getKey()).isEqualTo("*");
                        assertThat(role.getKey()).isEqualTo("SendSmsFunctionRole");
                        continue;
                    }
                    if (action.startsWith("dynamodb:") || action.startsWith("sns:") || action.startsWith("secretsmanager:")
                            || action.startsWith("sqs:") || action.startsWith("sms-voice:")) {
                        assertThat(statement.path("Resource").toString()).as(role.getKey() + " " + action).isNotEqualTo("\"*\"");
                    }
                }
            }
        }
    }

    @Test
    void onlyTheSendSmsFunctionCallsEndUserMessagingAtAll() {
        Map<String, Set<String>> smsVoice = new HashMap<>();
        statementsByRole().forEach((role, statements) -> statements.forEach(statement ->
                texts(statement.path("Action")).stream().filter(a -> a.startsWith("sms-voice:"))
                        .forEach(a -> smsVoice.computeIfAbsent(role, r -> new TreeSet<>()).add(a))));
        // Conversion feedback included: the API hands it to the door out (MessageFeedback on OutboundSmsTopic).
        assertThat(smsVoice).isEqualTo(Map.of("SendSmsFunctionRole", Set.of("sms-voice:SendTextMessage", "sms-voice:PutMessageFeedback")));
    }

    @Test
    void onlyTheSendSmsFunctionMaySendSms() {
        Set<String> sending = new TreeSet<>();
        statementsByRole().forEach((role, statements) -> statements.forEach(statement -> {
            if (texts(statement.path("Action")).stream().anyMatch(a -> a.startsWith("sms-voice:Send"))) {
                sending.add(role);
            }
        }));
        assertThat(sending).isSubsetOf(Set.of("SendSmsFunctionRole"));
    }

    @Test
    void onlyPostingAndTheVerificationApiMayReadTheSimSwapSecretAndOnlyWhenAProviderIsConfigured() {
        Set<String> readers = new TreeSet<>();
        resourcesOfType("AWS::IAM::Role").forEach((id, role) -> {
            for (JsonNode policy : role.path("Properties").path("Policies")) {
                if (!policy.toString().contains("SimSwapCredentialsSecretArn")) {
                    continue;
                }
                readers.add(id);
                JsonNode condition = policy.path("Fn::If");
                assertThat(condition.path(0).asText()).as(id + ": granted only under the condition").isEqualTo("SimSwapConfigured");
                assertThat(condition.path(2).path("Ref").asText()).as(id + ": nothing otherwise").isEqualTo("AWS::NoValue");
                JsonNode statements = condition.path(1).path("PolicyDocument").path("Statement");
                assertThat(statements.size()).as(id).isEqualTo(1);
                assertThat(texts(statements.path(0).path("Action"))).as(id).containsExactly("secretsmanager:GetSecretValue");
                assertThat(statements.path(0).path("Resource").path("Ref").asText()).as(id).isEqualTo("SimSwapCredentialsSecretArn");
            }
        });
        assertThat(readers).containsExactlyInAnyOrder("PostingFunctionRole", "VerificationApiFunctionRole");

        Set<String> configured = new TreeSet<>();
        resourcesOfType("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode variables = function.path("Properties").path("Environment").path("Variables");
            if (variables.has("SIM_SWAP_API_URL")) {
                configured.add(id);
                for (String name : List.of("SIM_SWAP_API_URL", "SIM_SWAP_TOKEN_URL", "SIM_SWAP_CREDENTIALS_SECRET_ARN")) {
                    assertThat(variables.path(name).path("Fn::If").path(0).asText()).as(id + " " + name).isEqualTo("SimSwapConfigured");
                }
            }
        });
        assertThat(configured).containsExactlyInAnyOrder("PostingFunction", "VerificationApiFunction");
    }

    @Test
    void noFunctionMayDeleteOrScanTables() {
        statementsByRole().forEach((role, statements) -> statements.forEach(statement ->
                assertThat(texts(statement.path("Action"))).as(role)
                        .doesNotContain("dynamodb:DeleteTable", "dynamodb:Scan", "dynamodb:CreateTable")));
    }

    private static Map<String, List<JsonNode>> statementsByRole() {
        Map<String, List<JsonNode>> byRole = new HashMap<>();
        resourcesOfType("AWS::IAM::Role").forEach((id, role) -> {
            List<JsonNode> statements = new ArrayList<>();
            for (JsonNode policy : role.path("Properties").path("Policies")) {
                policy.path("PolicyDocument").path("Statement").forEach(statements::add);
            }
            byRole.put(id, statements);
        });
        return byRole;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> types() {
        Set<String> types = new TreeSet<>();
        translated.path("Resources").forEach(resource -> types.add(resource.path("Type").asText()));
        return types;
    }

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> out = new HashMap<>();
        translated.path("Resources").fields().forEachRemaining(field -> {
            if (type.equals(field.getValue().path("Type").asText())) {
                out.put(field.getKey(), field.getValue());
            }
        });
        return out;
    }
}
