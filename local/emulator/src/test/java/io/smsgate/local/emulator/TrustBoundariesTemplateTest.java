package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's trust boundaries, read from the template itself: who may publish to each topic (the
 * topic policy names exactly the roles of the functions whose environment and grants say they produce
 * to it), SSE-KMS on every topic and queue with the stack's key and a key policy naming exactly the
 * principals that use it, counters limited per function by key prefix, and tombstones that outlive any
 * redelivery. The checks are functions of a template, and each is shown failing on a broken copy.
 */
class TrustBoundariesTemplateTest {
    private static final String FUNCTION = "AWS::Serverless::Function";

    private static CloudFormationTemplate template() {
        return CloudFormationTemplate.load(Project.locate().resolve("template.yaml"));
    }

    // ------------------------------------------------------------------ who publishes where

    @Test
    void everyTopicPolicyNamesExactlyTheTopicsProducers() {
        CloudFormationTemplate template = template();
        assertThat(topics(template)).contains("InboundSmsTopic", "CommandsTopic", "ApprovedCommandsTopic",
                "OutboundSmsTopic", "PostsTopic", "SecurityEventsTopic", "DeliveryEventsTopic");
        assertThat(publisherViolations(template)).isEmpty();
        assertThat(producers(template)).containsEntry("CommandsTopic", Set.of("InboundSmsFunctionRole"))
                .containsEntry("ApprovedCommandsTopic", Set.of("CountryPolicyFunctionRole"))
                .containsEntry("InboundSmsTopic", Set.of("TwoWayChannelRole"));
    }

    @Test
    void aPublishGrantTheTopicPolicyDoesNotNameIsCaught() {
        CloudFormationTemplate template = template();
        Map<String, Object> inbound = template.resource("InboundSmsFunction").orElseThrow().properties();
        policies(inbound).add(Map.of("SNSPublishMessagePolicy", Map.of("TopicName", getAtt("PostsTopic", "TopicName"))));
        variables(inbound).put("POSTS_TOPIC_ARN", Map.of("Ref", "PostsTopic"));

        assertThat(publisherViolations(template)).singleElement().asString()
                .contains("PostsTopic").contains("InboundSmsFunctionRole");
    }

    @Test
    void aTopicPolicyNamingARoleThatDoesNotProduceIsCaught() {
        CloudFormationTemplate template = template();
        allowedRoleList(template, "CommandsTopicPolicy").add(getAtt("PostingFunctionRole", "Arn"));

        assertThat(publisherViolations(template)).singleElement().asString()
                .contains("CommandsTopic").contains("PostingFunctionRole");
    }

    @Test
    void aTopicVariableWithoutAGrantOrAGrantWithoutItsVariableIsCaught() {
        CloudFormationTemplate template = template();
        variables(template.resource("SendSmsFunction").orElseThrow().properties())
                .put("POSTS_TOPIC_ARN", Map.of("Ref", "PostsTopic"));

        assertThat(publisherViolations(template)).anySatisfy(v -> assertThat(v).contains("SendSmsFunction").contains("PostsTopic"));
    }

    @Test
    void aTopicWithoutAPolicyIsCaught() {
        CloudFormationTemplate template = template();
        ((List<?>) template.resource("PostsTopicPolicy").orElseThrow().properties().get("Topics")).clear();

        assertThat(publisherViolations(template)).anySatisfy(v -> assertThat(v).contains("PostsTopic").contains("no topic policy"));
    }

    @Test
    void onlyThisAccountsEndUserMessagingServiceMayPublishDeliveryEvents() {
        Map<String, Object> document = topicPolicy(template(), "DeliveryEventsTopic").orElseThrow();
        Map<String, Object> allow = statement(document, "EndUserMessagingEvents");
        assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "sms-voice.amazonaws.com"));
        assertThat(allow.get("Condition").toString()).contains("aws:SourceAccount").contains("AWS::AccountId");
        assertThat(statement(document, "OnlyEndUserMessagingPublishes").get("Condition").toString())
                .contains("StringNotEquals={aws:PrincipalServiceName=sms-voice.amazonaws.com}");
        assertThat(statement(document, "OnlyThisAccountsEndUserMessaging").get("Condition").toString())
                .contains("StringNotEquals={aws:SourceAccount");
    }

    @Test
    void onlyThisAccountsEndUserMessagingServiceMayPublishInboundTexts() {
        Map<String, Object> document = topicPolicy(template(), "InboundSmsTopic").orElseThrow();
        Map<String, Object> allow = statement(document, "EndUserMessagingTwoWay");
        assertThat(allow.get("Effect")).isEqualTo("Allow");
        assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "sms-voice.amazonaws.com"));
        assertThat(allow.get("Condition").toString()).contains("aws:SourceAccount").contains("AWS::AccountId");
        Map<String, Object> otherAccounts = statement(document, "OnlyThisAccountsEndUserMessaging");
        assertThat(otherAccounts.get("Effect")).isEqualTo("Deny");
        assertThat(otherAccounts.get("Condition").toString()).contains("StringNotEquals={aws:SourceAccount");
    }

    // ------------------------------------------------------------------ encryption at rest

    @Test
    void everyTopicAndQueueIsEncryptedWithTheStacksKey() {
        CloudFormationTemplate template = template();
        template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SNS::Topic") || r.type().equals("AWS::SQS::Queue"))
                .forEach(r -> assertThat(r.properties().get("KmsMasterKeyId")).as(r.logicalId()).isEqualTo(Map.of("Ref", "DataKey")));
        assertThat(template.resource("DataKey").orElseThrow().type()).isEqualTo("AWS::KMS::Key");
        assertThat(template.resources().values().stream().filter(r -> r.type().equals("AWS::SQS::Queue")))
                .isNotEmpty()
                .allSatisfy(queue -> {
                    assertThat(queue.properties().get("MessageRetentionPeriod")).as(queue.logicalId())
                            .isEqualTo(Map.of("Ref", "DeadLetterRetentionSeconds"));
                    assertThat(queue.properties()).as(queue.logicalId()).doesNotContainKey("SqsManagedSseEnabled");
                });
        assertThat(parameter(template, "DeadLetterRetentionSeconds", "Default")).isEqualTo(345600L);
    }

    @Test
    void theKeyPolicyNamesExactlyTheRolesThatUseTheKeyAndEachHasItsGrant() {
        CloudFormationTemplate template = template();
        assertThat(keyViolations(template)).isEmpty();
        assertThat(keyUsers(template)).containsOnlyKeys("InboundSmsFunction", "CountryPolicyFunction", "PostingFunction",
                "VerificationApiFunction", "SendSmsFunction", "DeliveryReceiptFunction", "TwoWayChannelRole");
        assertThat(keyUsers(template).get("SendSmsFunction")).containsExactly("sqs");
        assertThat(keyUsers(template).get("DeliveryReceiptFunction")).as("only its dead-letter queue").containsExactly("sqs");
        assertThat(keyUsers(template).get("VerificationApiFunction")).containsExactly("sns");
    }

    @Test
    void aFunctionThatPublishesWithoutTheKeyOrAKeyPolicyNamingANonUserIsCaught() {
        CloudFormationTemplate template = template();
        for (Object policy : policies(template.resource("VerificationApiFunction").orElseThrow().properties())) {
            if (map(policy).get("Statement") instanceof List<?> statements) {
                statements.removeIf(s -> String.valueOf(map(s).get("Sid")).startsWith("DataKeyFor"));
            }
        }
        assertThat(keyViolations(template)).singleElement().asString()
                .contains("VerificationApiFunction may use the key through []");

        CloudFormationTemplate other = template();
        other.resource("SendSmsFunction").orElseThrow().properties().remove("Events");
        assertThat(keyViolations(other)).anySatisfy(v -> assertThat(v).contains("the key policy names").contains("SendSmsFunction"));
    }

    @Test
    void theKeyPolicyLetsTheServicesWriteIntoEncryptedTopicsAndQueuesAndTheAccountOnlyAdminister() {
        Map<String, Object> policy = map(template().resource("DataKey").orElseThrow().properties().get("KeyPolicy"));
        Map<String, Object> smsVoice = statement(policy, "EndUserMessagingPublishesInboundTexts");
        assertThat(smsVoice.get("Principal")).isEqualTo(Map.of("Service", "sms-voice.amazonaws.com"));
        assertThat(texts(smsVoice.get("Action"))).containsExactlyInAnyOrder("kms:GenerateDataKey*", "kms:Decrypt");
        assertThat(smsVoice.get("Condition").toString()).contains("aws:SourceAccount");
        Map<String, Object> sns = statement(policy, "SnsDeliversToEncryptedQueues");
        assertThat(sns.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
        assertThat(sns.get("Condition").toString()).contains("aws:SourceAccount").contains("aws:SourceArn");
        Map<String, Object> root = statement(policy, "AccountAdministers");
        assertThat(texts(root.get("Action"))).noneMatch(a -> a.matches("kms:(Encrypt|Decrypt|ReEncrypt.*|GenerateDataKey.*|\\*)"));
    }

    // ------------------------------------------------------------------ counters

    @Test
    void everyGrantOnTheCountersTableIsLimitedToKeyPrefixes() {
        CloudFormationTemplate template = template();
        Map<String, List<String>> byFunction = new TreeMap<>();
        for (CloudFormationTemplate.Resource function : template.functions()) {
            List<String> patterns = CounterGrants.patterns(template, function.logicalId());
            if (!patterns.isEmpty()) {
                byFunction.put(function.logicalId(), patterns);
            }
        }
        assertThat(byFunction).containsOnlyKeys("CountryPolicyFunction", "PostingFunction", "VerificationApiFunction", "SendSmsFunction");
        byFunction.forEach((function, patterns) -> assertThat(patterns).as(function)
                .allSatisfy(p -> assertThat(p).matches("[A-Za-z]+(#[a-z]+)*#\\*")));
        assertThat(byFunction.get("CountryPolicyFunction")).containsExactly("PolicyDenialReply#*");
    }

    @Test
    void aCounterKeyOutsideTheGrantIsNotCovered() {
        assertThat(CounterGrants.glob("PostsPerHour#*").matcher("PostsPerHour#alice#2026-11-25T10").matches()).isTrue();
        assertThat(CounterGrants.glob("PostsPerHour#*").matcher("PostsPerHourX#alice").matches()).isFalse();
        assertThat(CounterGrants.glob("codes#number#*").matcher("codes#global#2026-11-25").matches()).isFalse();
    }

    // ------------------------------------------------------------------ tombstones

    /**
     * A POST can come back as late as the slowest path to PostingFunction allows: on each hop, the
     * async retries for up to MaximumEventAgeInSeconds, then the dead-letter queue for up to its
     * retention (at most the parameter's MaxValue, whatever a deployment picks), then a redrive.
     */
    @Test
    void anUndoTombstoneOutlivesEveryRedeliveryAndRedrive() {
        CloudFormationTemplate template = template();
        long longest = longestReturn(template, "PostingFunction", new TreeSet<>());
        assertThat(longest).isGreaterThanOrEqualTo(3 * (21_600 + 1_209_600L));
        Object retention = variables(template.resource("PostingFunction").orElseThrow().properties())
                .get("POST_TOMBSTONE_RETENTION_SECONDS");
        assertThat(Long.parseLong(String.valueOf(retention))).isGreaterThanOrEqualTo(longest);
    }

    // ------------------------------------------------------------------ the checks

    /** Topic → the roles that produce to it (functions from environment and grants; other roles from their grants). */
    static Map<String, Set<String>> producers(CloudFormationTemplate template) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String topic : topics(template)) {
            out.put(topic, new TreeSet<>());
        }
        for (CloudFormationTemplate.Resource function : template.functions()) {
            for (String topic : grantedTopics(template, function)) {
                out.computeIfAbsent(topic, t -> new TreeSet<>()).add(function.logicalId() + "Role");
            }
        }
        template.resources().values().stream().filter(r -> r.type().equals("AWS::IAM::Role")).forEach(role -> {
            for (Object policy : list(role.properties().get("Policies"))) {
                for (Map<String, Object> statement : statementsOf(map(map(policy).get("PolicyDocument")))) {
                    if (texts(statement.get("Action")).contains("sns:Publish")) {
                        refs(statement.get("Resource")).forEach(t -> out.computeIfAbsent(t, x -> new TreeSet<>()).add(role.logicalId()));
                    }
                }
            }
        });
        return out;
    }

    static List<String> publisherViolations(CloudFormationTemplate template) {
        List<String> violations = new ArrayList<>();
        for (CloudFormationTemplate.Resource function : template.functions()) {
            Set<String> fromEnvironment = environmentTopics(template, function);
            Set<String> fromGrants = grantedTopics(template, function);
            if (!fromEnvironment.equals(fromGrants)) {
                violations.add(function.logicalId() + " names topics " + fromEnvironment + " in its environment but may publish to "
                        + fromGrants);
            }
        }
        producers(template).forEach((topic, roles) -> {
            java.util.Optional<Map<String, Object>> document = topicPolicy(template, topic);
            if (document.isEmpty()) {
                violations.add(topic + " has no topic policy");
                return;
            }
            Set<String> allowed = new TreeSet<>();
            Set<String> services = new TreeSet<>();
            boolean denies = false;
            for (Map<String, Object> statement : statementsOf(document.get())) {
                if (!texts(statement.get("Action")).contains("sns:Publish") || !refs(statement.get("Resource")).contains(topic)) {
                    continue;
                }
                Map<String, Object> condition = map(statement.get("Condition"));
                if ("Deny".equals(statement.get("Effect")) && "*".equals(statement.get("Principal"))
                        && !map(condition.get("StringEquals")).containsKey("aws:PrincipalServiceName")) {
                    denies = true;
                    getAtts(branches(condition.get("ArnNotEquals")).stream()
                            .map(b -> map(b).get("aws:PrincipalArn")).toList()).forEach(allowed::add);
                    services.addAll(texts(map(condition.get("StringNotEquals")).get("aws:PrincipalServiceName")));
                }
            }
            if (!denies) {
                violations.add(topic + " has no statement denying sns:Publish to everyone but its producers");
            }
            if (!allowed.equals(roles)) {
                violations.add(topic + " lets " + allowed + " publish, but its producers are " + roles);
            }
            Set<String> allowedServices = new TreeSet<>();
            statementsOf(document.get()).stream().filter(s -> "Allow".equals(s.get("Effect")))
                    .forEach(s -> allowedServices.addAll(texts(map(s.get("Principal")).get("Service"))));
            if (!services.equals(allowedServices)) {
                violations.add(topic + " exempts services " + services + " from its deny but allows " + allowedServices);
            }
        });
        return violations;
    }

    /** Who uses the key, and through which services: function or role → {sns, sqs}. */
    static Map<String, Set<String>> keyUsers(CloudFormationTemplate template) {
        Map<String, Set<String>> users = new TreeMap<>();
        Map<String, Set<String>> producers = producers(template);
        Set<String> encryptedTopics = new TreeSet<>();
        Set<String> encryptedQueues = new TreeSet<>();
        template.resources().values().forEach(r -> {
            if (r.properties().get("KmsMasterKeyId") != null) {
                (r.type().equals("AWS::SNS::Topic") ? encryptedTopics : encryptedQueues).add(r.logicalId());
            }
        });
        producers.forEach((topic, roles) -> {
            if (encryptedTopics.contains(topic)) {
                roles.forEach(role -> users.computeIfAbsent(userOf(template, role), x -> new TreeSet<>()).add("sns"));
            }
        });
        for (CloudFormationTemplate.Resource function : template.functions()) {
            Object destination = map(map(map(function.map("EventInvokeConfig").get("DestinationConfig")).get("OnFailure"))).get("Destination");
            List<Object> queues = new ArrayList<>();
            if (destination != null) {
                queues.add(destination);
            }
            // An SQS event source reads (and so decrypts) its queue.
            for (Object event : function.map("Events").values()) {
                if ("SQS".equals(map(event).get("Type"))) {
                    queues.add(map(map(event).get("Properties")).get("Queue"));
                }
            }
            if (getAtts(queues).stream().anyMatch(encryptedQueues::contains)) {
                users.computeIfAbsent(function.logicalId(), x -> new TreeSet<>()).add("sqs");
            }
        }
        return users;
    }

    /** A function's generated role stands for the function; any other role for itself. */
    private static String userOf(CloudFormationTemplate template, String role) {
        String function = role.replaceAll("Role$", "");
        return template.resource(function).filter(r -> r.type().equals(FUNCTION)).isPresent() ? function : role;
    }

    static List<String> keyViolations(CloudFormationTemplate template) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> policy = map(template.resource("DataKey").orElseThrow().properties().get("KeyPolicy"));
        Map<String, Object> functions = statement(policy, "StackFunctionsThroughSnsAndSqs");
        Set<String> named = new TreeSet<>();
        for (Object arn : list(map(map(functions.get("Condition")).get("ArnLike")).get("aws:PrincipalArn"))) {
            String sub = String.valueOf(map(arn).get("Fn::Sub"));
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("arn:\\$\\{AWS::Partition}:iam::\\$\\{AWS::AccountId}:role/smsgate/\\$\\{AWS::StackName}/(\\w+)/\\*").matcher(sub);
            if (m.matches()) {
                named.add(m.group(1));
            } else {
                violations.add("the key policy names a principal by an unexpected pattern: " + sub);
            }
        }
        Map<String, Set<String>> users = keyUsers(template);
        if (!named.equals(users.keySet())) {
            violations.add("the key policy names " + named + " but the key's users are " + users.keySet());
        }
        users.forEach((user, via) -> {
            CloudFormationTemplate.Resource resource = template.resource(user).orElseThrow();
            Object path = resource.type().equals(FUNCTION) ? resource.properties().get("RolePath") : resource.properties().get("Path");
            if (!Map.of("Fn::Sub", "/smsgate/${AWS::StackName}/" + user + "/").equals(path)) {
                violations.add(user + "'s role is not under /smsgate/${AWS::StackName}/" + user + "/ (the key policy names it by that path)");
            }
            List<Map<String, Object>> statements = resource.type().equals(FUNCTION) ? CounterGrants.statements(resource)
                    : list(resource.properties().get("Policies")).stream().flatMap(p -> statementsOf(map(map(p).get("PolicyDocument"))).stream()).toList();
            Set<String> granted = new TreeSet<>();
            for (Map<String, Object> statement : statements) {
                if (texts(statement.get("Action")).containsAll(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                        && getAtts(List.of(statement.get("Resource"))).contains("DataKey")) {
                    for (Object service : list(map(map(statement.get("Condition")).get("StringEquals")).get("kms:ViaService"))) {
                        granted.add(String.valueOf(map(service).get("Fn::Sub")).replaceAll("\\..*", ""));
                    }
                }
            }
            if (!granted.equals(via)) {
                violations.add(user + " may use the key through " + granted + " but needs it through " + via);
            }
        });
        return violations;
    }

    private static long longestReturn(CloudFormationTemplate template, String function, Set<String> seen) {
        if (!seen.add(function)) {
            return 0;
        }
        CloudFormationTemplate.Resource resource = template.resource(function).orElseThrow();
        long here = Long.parseLong(String.valueOf(resource.map("EventInvokeConfig").getOrDefault("MaximumEventAgeInSeconds", "21600")));
        if (resource.map("EventInvokeConfig").get("DestinationConfig") != null) {
            here += Long.parseLong(String.valueOf(parameter(template, "DeadLetterRetentionSeconds", "MaxValue")));
        }
        long upstream = 0;
        for (Object event : map(resource.properties().get("Events")).values()) {
            if ("SNS".equals(map(event).get("Type"))) {
                String topic = refs(map(map(event).get("Properties")).get("Topic")).getFirst();
                for (CloudFormationTemplate.Resource producer : template.functions()) {
                    if (grantedTopics(template, producer).contains(topic)) {
                        upstream = Math.max(upstream, longestReturn(template, producer.logicalId(), new TreeSet<>(seen)));
                    }
                }
            }
        }
        return here + upstream;
    }

    // ------------------------------------------------------------------ key material

    /**
     * Which key secrets each function holds: the table in docs/trust-boundaries.md ("Key material"),
     * which is what each function's wiring asks for ({@code Platform.from(env, name, Purpose...)}; the
     * purposes map to secrets in {@code KeyRing.Purpose}). A function holds a secret when its environment
     * names it ({@code X_SECRET_ARN: !Ref XSecret}, Globals included) and its role may read it
     * ({@code AWSSecretsManagerGetSecretValuePolicy} or a {@code secretsmanager:GetSecretValue} statement);
     * both must agree, and each function must hold exactly its row.
     */
    private static final Map<String, Set<String>> KEY_SECRETS = Map.of(
            "InboundSmsFunction", Set.of("PhoneHmacSecret", "SealingKeysSecret", "MessageMacKeysSecret"),
            "CountryPolicyFunction", Set.of("PhoneHmacSecret", "SealingKeysSecret", "MessageMacKeysSecret"),
            "PostingFunction", Set.of("PhoneHmacSecret", "SealingKeysSecret", "MessageMacKeysSecret", "PinPepperSecret"),
            "VerificationApiFunction", Set.of("PhoneHmacSecret", "SealingKeysSecret", "MessageMacKeysSecret", "CodeDigestSecret",
                    "PinPepperSecret"),
            "SendSmsFunction", Set.of("PhoneHmacSecret", "SealingKeysSecret", "MessageMacKeysSecret", "CodeDigestSecret"),
            "DeliveryReceiptFunction", Set.of());

    /** The variable each key secret goes by (shared's {@code KeySecret}). */
    private static final Map<String, String> SECRET_VARIABLES = Map.of(
            "PHONE_HMAC_SECRET_ARN", "PhoneHmacSecret",
            "SEALING_KEYS_SECRET_ARN", "SealingKeysSecret",
            "MESSAGE_MAC_KEYS_SECRET_ARN", "MessageMacKeysSecret",
            "CODE_DIGEST_SECRET_ARN", "CodeDigestSecret",
            "PIN_PEPPER_SECRET_ARN", "PinPepperSecret");

    @Test
    void eachFunctionHoldsExactlyTheKeySecretsOfItsPurposes() {
        CloudFormationTemplate template = template();
        assertThat(template.functions().stream().map(CloudFormationTemplate.Resource::logicalId).toList())
                .as("every function has a row").containsExactlyInAnyOrderElementsOf(KEY_SECRETS.keySet());
        assertThat(secrets(template)).as("every key secret is one the local stack fills")
                .containsExactlyInAnyOrderElementsOf(SECRET_VARIABLES.values()).containsExactlyInAnyOrderElementsOf(DevelopmentKeys.logicalIds());
        assertThat(keySecretViolations(template)).isEmpty();
    }

    @Test
    void aSecretVariableWithoutItsGrantOrAGrantWithoutItsVariableIsCaught() {
        CloudFormationTemplate template = template();
        variables(template.resource("SendSmsFunction").orElseThrow().properties())
                .put("PIN_PEPPER_SECRET_ARN", Map.of("Ref", "PinPepperSecret"));
        policies(template.resource("InboundSmsFunction").orElseThrow().properties())
                .add(Map.of("AWSSecretsManagerGetSecretValuePolicy", Map.of("SecretArn", Map.of("Ref", "CodeDigestSecret"))));

        assertThat(keySecretViolations(template))
                .anySatisfy(v -> assertThat(v).contains("SendSmsFunction").contains("PinPepperSecret").contains("no grant"))
                .anySatisfy(v -> assertThat(v).contains("InboundSmsFunction").contains("CodeDigestSecret").contains("not in its environment"));
    }

    @Test
    void aFunctionGivenASecretItsPurposesDoNotNeedIsCaughtAndSoIsOneInGlobals() {
        CloudFormationTemplate template = template();
        Map<String, Object> sendSms = template.resource("SendSmsFunction").orElseThrow().properties();
        variables(sendSms).put("PIN_PEPPER_SECRET_ARN", Map.of("Ref", "PinPepperSecret"));
        policies(sendSms).add(Map.of("AWSSecretsManagerGetSecretValuePolicy", Map.of("SecretArn", Map.of("Ref", "PinPepperSecret"))));
        assertThat(keySecretViolations(template)).singleElement().asString()
                .contains("SendSmsFunction").contains("holds").contains("PinPepperSecret");

        CloudFormationTemplate globals = template();
        variables(globals.functionGlobals()).put("CODE_DIGEST_SECRET_ARN", Map.of("Ref", "CodeDigestSecret"));
        assertThat(keySecretViolations(globals)).anySatisfy(v -> assertThat(v).contains("DeliveryReceiptFunction").contains("CodeDigestSecret"));
    }

    @Test
    void theSealingAndMacSecretsAreVersioned() {
        CloudFormationTemplate template = template();
        for (String versioned : List.of("SealingKeysSecret", "MessageMacKeysSecret")) {
            Map<String, Object> generate = map(template.resource(versioned).orElseThrow().properties().get("GenerateSecretString"));
            assertThat(generate).as(versioned).containsEntry("SecretStringTemplate", "{\"current\":\"k1\"}")
                    .containsEntry("GenerateStringKey", "k1");
        }
    }

    /** One line per disagreement: a secret named without a grant (or granted without being named), a variable naming the wrong secret, a holding other than the row. */
    static List<String> keySecretViolations(CloudFormationTemplate template) {
        Set<String> secrets = secrets(template);
        List<String> violations = new ArrayList<>();
        for (CloudFormationTemplate.Resource function : template.functions()) {
            String name = function.logicalId();
            Map<String, Object> environment = new LinkedHashMap<>(variables(template.functionGlobals()));
            environment.putAll(variables(function.properties()));
            Set<String> named = new TreeSet<>();
            environment.forEach((variable, value) -> {
                List<String> referenced = refs(value).stream().filter(secrets::contains).toList();
                if (referenced.isEmpty()) {
                    return;
                }
                named.addAll(referenced);
                String expected = SECRET_VARIABLES.get(variable);
                if (expected == null || !referenced.equals(List.of(expected))) {
                    violations.add(name + ": " + variable + " names " + referenced + ", not " + expected);
                }
            });
            Set<String> granted = new TreeSet<>();
            for (Object policy : list(function.properties().get("Policies"))) {
                granted.addAll(refs(map(map(policy).get("AWSSecretsManagerGetSecretValuePolicy")).get("SecretArn")));
            }
            for (Map<String, Object> statement : CounterGrants.statements(function)) {
                if (texts(statement.get("Action")).contains("secretsmanager:GetSecretValue")) {
                    granted.addAll(refs(statement.get("Resource")));
                }
            }
            granted.retainAll(secrets);
            for (String secret : named) {
                if (!granted.contains(secret)) {
                    violations.add(name + ": its environment names " + secret + " but its role has no grant to read it");
                }
            }
            for (String secret : granted) {
                if (!named.contains(secret)) {
                    violations.add(name + ": its role may read " + secret + ", which is not in its environment");
                }
            }
            Set<String> row = KEY_SECRETS.getOrDefault(name, Set.of());
            Set<String> held = new TreeSet<>(named);
            held.retainAll(granted);
            if (named.equals(granted) && !held.equals(new TreeSet<>(row))) {
                violations.add(name + " holds " + held + ", its purposes need " + new TreeSet<>(row));
            }
        }
        return violations;
    }

    private static Set<String> secrets(CloudFormationTemplate template) {
        Set<String> secrets = new TreeSet<>();
        template.resources().values().stream().filter(r -> r.type().equals("AWS::SecretsManager::Secret")).forEach(r -> secrets.add(r.logicalId()));
        return secrets;
    }

    private static Set<String> environmentTopics(CloudFormationTemplate template, CloudFormationTemplate.Resource function) {
        Set<String> topics = new TreeSet<>();
        variables(function.properties()).forEach((name, value) -> {
            if (name.endsWith("_TOPIC_ARN")) {
                topics.addAll(refs(value));
            }
        });
        topics.retainAll(topics(template));
        return topics;
    }

    private static Set<String> grantedTopics(CloudFormationTemplate template, CloudFormationTemplate.Resource function) {
        Set<String> topics = new TreeSet<>();
        for (Object policy : list(function.properties().get("Policies"))) {
            Map<String, Object> sam = map(map(policy).get("SNSPublishMessagePolicy"));
            topics.addAll(getAtts(List.of(sam.getOrDefault("TopicName", List.of()))));
        }
        for (Map<String, Object> statement : CounterGrants.statements(function)) {
            if (texts(statement.get("Action")).contains("sns:Publish")) {
                topics.addAll(refs(statement.get("Resource")));
            }
        }
        topics.retainAll(topics(template));
        return topics;
    }

    private static Set<String> topics(CloudFormationTemplate template) {
        Set<String> topics = new TreeSet<>();
        template.resources().values().stream().filter(r -> r.type().equals("AWS::SNS::Topic")).forEach(r -> topics.add(r.logicalId()));
        return topics;
    }

    private static java.util.Optional<Map<String, Object>> topicPolicy(CloudFormationTemplate template, String topic) {
        return template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SNS::TopicPolicy") && refs(r.properties().get("Topics")).contains(topic))
                .map(r -> map(r.properties().get("PolicyDocument")))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> allowedRoleList(CloudFormationTemplate template, String policy) {
        Map<String, Object> document = map(template.resource(policy).orElseThrow().properties().get("PolicyDocument"));
        Map<String, Object> deny = statement(document, "OnlyItsProducersPublish");
        return (List<Object>) map(map(deny.get("Condition")).get("ArnNotEquals")).get("aws:PrincipalArn");
    }

    private static Map<String, Object> statement(Map<String, Object> document, String sid) {
        return statementsOf(document).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(Map<String, Object> document) {
        return list(document.get("Statement")).stream().map(s -> (Map<String, Object>) s).toList();
    }

    private static Object parameter(CloudFormationTemplate template, String name, String field) {
        Object value = map(template.parameters().get(name)).get(field);
        return value instanceof Number n ? n.longValue() : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> properties) {
        return (Map<String, Object>) map(properties.get("Environment")).getOrDefault("Variables", new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> policies(Map<String, Object> properties) {
        return (List<Object>) properties.get("Policies");
    }

    private static Map<String, Object> getAtt(String resource, String attribute) {
        return Map.of("Fn::GetAtt", List.of(resource, attribute));
    }

    /** Both branches of an {@code Fn::If} (a condition may hold in some deployment), else the value itself. */
    private static List<Object> branches(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> fnIf) {
            List<Object> out = new ArrayList<>();
            out.addAll(branches(fnIf.get(1)));
            out.addAll(branches(fnIf.get(2)));
            return out;
        }
        if (value instanceof Map<?, ?> m && "AWS::NoValue".equals(m.get("Ref"))) {
            return List.of();
        }
        return value == null ? List.of() : List.of(value);
    }

    /** The logical ids named by {@code Fn::GetAtt} anywhere in {@code values} (through lists and Fn::If). */
    private static Set<String> getAtts(List<?> values) {
        Set<String> out = new TreeSet<>();
        for (Object value : values) {
            for (Object v : branches(value)) {
                if (v instanceof List<?> l) {
                    out.addAll(getAtts(l));
                } else if (v instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> getAtt) {
                    out.add(String.valueOf(getAtt.getFirst()));
                }
            }
        }
        return out;
    }

    /** The logical ids named by {@code Ref} in a value or a list of values. */
    private static List<String> refs(Object value) {
        List<String> out = new ArrayList<>();
        for (Object v : branches(value)) {
            if (v instanceof List<?> l) {
                l.forEach(item -> out.addAll(refs(item)));
            } else if (v instanceof Map<?, ?> m && m.get("Ref") instanceof String ref) {
                out.add(ref);
            }
        }
        return out;
    }

    private static List<String> texts(Object value) {
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? CloudFormationTemplate.cast(m) : Map.of();
    }
}
