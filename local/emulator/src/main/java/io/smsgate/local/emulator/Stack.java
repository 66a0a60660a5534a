package io.smsgate.local.emulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The resources of template.yaml, created in an emulator under a name of their own, so every test (and
 * every {@code smsgate} run) has fresh tables and topics and code and template cannot drift apart: a
 * table the code needs but the template lacks is a missing environment variable, and the test fails.
 *
 * <p>Resources are created when first referenced: asking for a function's environment creates the
 * tables, topics, queues and secrets it names. Every topic gets a {@link TopicTap}.
 */
public final class Stack implements AutoCloseable {
    /** The HMAC secret locally: a fixed development key, never a production one. */
    public static final String DEVELOPMENT_SECRET = "smsgate-local-development-key-not-a-secret-0123456789";
    /** The variable the SDK reads for End User Messaging's endpoint (pinpoint-sms-voice-v2). */
    public static final String SMS_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2";
    /** The SIM-swap provider's variables (shared SimSwapSignals reads them). */
    public static final String SIM_SWAP_API_URL = "SIM_SWAP_API_URL";
    public static final String SIM_SWAP_TOKEN_URL = "SIM_SWAP_TOKEN_URL";
    public static final String SIM_SWAP_CREDENTIALS_SECRET_ARN = "SIM_SWAP_CREDENTIALS_SECRET_ARN";

    private final AwsEmulator emulator;
    private final CloudFormationTemplate template;
    private final String name;
    private final Map<String, String> parameterValues;
    private final Map<String, Provisioned> provisioned = new LinkedHashMap<>();
    private final Map<String, TopicTap> taps = new LinkedHashMap<>();
    private final Intrinsics intrinsics;

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final DynamoDbClient dynamoDb;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final SecretsManagerClient secrets;
    private final KmsClient kms;
    private SmsOutbox outbox;
    private DeliveryEvents deliveryEvents;
    private SimSwapStandIn simSwap;
    private String simSwapSecretArn;

    private record Provisioned(String type, String ref, Map<String, String> attributes) {
    }

    private Stack(AwsEmulator emulator, CloudFormationTemplate template, String name, Map<String, String> parameters) {
        this.emulator = emulator;
        this.template = template;
        this.name = name;
        this.parameterValues = parameterValues(template, parameters);
        this.intrinsics = new Intrinsics(this::ref, this::attribute, template.conditions());
        this.dynamoDb = client(DynamoDbClient.builder());
        this.sns = client(SnsClient.builder());
        this.sqs = client(SqsClient.builder());
        this.secrets = client(SecretsManagerClient.builder());
        this.kms = client(KmsClient.builder());
    }

    /** A new stack; {@code parameters} override template defaults. */
    public static Stack create(AwsEmulator emulator, CloudFormationTemplate template, Map<String, String> parameters) {
        String name = "smsgate-" + UUID.randomUUID().toString().substring(0, 8);
        return new Stack(emulator, template, name, parameters);
    }

    /**
     * A stack under a name of the caller's choosing, such as the one {@code smsgate emulator start}
     * keeps running: resources that already exist under that name are used as they are, so a later
     * process can attach to the stack an earlier one created.
     */
    public static Stack named(String name, AwsEmulator emulator, CloudFormationTemplate template, Map<String, String> parameters) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("a stack name is a letter then letters, digits and hyphens (at most 64): " + name);
        }
        return new Stack(emulator, template, name, parameters);
    }

    public String name() {
        return name;
    }

    public AwsEmulator emulator() {
        return emulator;
    }

    public CloudFormationTemplate template() {
        return template;
    }

    /** A template parameter's value in this stack (the local value, else the template default). */
    public java.util.Optional<String> parameter(String name) {
        return java.util.Optional.ofNullable(parameterValues.get(name));
    }

    /** What an SDK client needs to reach the emulator, as the environment variables the SDK reads. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new TreeMap<>();
        env.put("AWS_REGION", emulator.region());
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", emulator.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", emulator.secretAccessKey());
        return env;
    }

    /**
     * A function's environment as Lambda would give it: {@code Globals.Function} variables, then the
     * function's own, every intrinsic resolved (creating the referenced resources), plus the endpoint;
     * for a function allowed to send SMS, End User Messaging's endpoint is the local {@link #outbox()}.
     */
    public Map<String, String> functionEnvironment(String functionLogicalId) {
        CloudFormationTemplate.Resource function = template.resource(functionLogicalId)
                .filter(r -> "AWS::Serverless::Function".equals(r.type()))
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + functionLogicalId));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.putAll(variablesOf(template.functionGlobals()));
        variables.putAll(variablesOf(function.properties()));
        Map<String, String> env = new TreeMap<>();
        variables.forEach((key, value) -> {
            Object resolved = intrinsics.resolve(value);
            if (resolved != Intrinsics.NO_VALUE) {
                env.put(key, String.valueOf(resolved));
            }
        });
        env.putAll(awsEnvironment());
        if (sendsSms(function)) {
            env.put(SMS_ENDPOINT_VARIABLE, outbox().endpoint().toString());
        }
        if (variables.containsKey(SIM_SWAP_API_URL) && parameter("SimSwapApiUrl").orElse("").isBlank()) {
            env.put(SIM_SWAP_API_URL, simSwap().apiBase().toString());
            env.put(SIM_SWAP_TOKEN_URL, simSwap().tokenUrl().toString());
            env.put(SIM_SWAP_CREDENTIALS_SECRET_ARN, simSwapSecretArn());
        }
        return env;
    }

    /**
     * The local stand-in for the CAMARA SIM Swap provider, started on first use: a function the template
     * gives {@code SIM_SWAP_API_URL} gets it as its provider (with its credentials in a secret of this
     * stack) unless the stack's {@code SimSwapApiUrl} parameter names a real one. Mark numbers swapped on it.
     */
    public synchronized SimSwapStandIn simSwap() {
        if (simSwap == null) {
            simSwap = SimSwapStandIn.start();
        }
        return simSwap;
    }

    /** The stand-in if something started it. */
    public synchronized java.util.Optional<SimSwapStandIn> startedSimSwap() {
        return java.util.Optional.ofNullable(simSwap);
    }

    /** The secret holding the stand-in's OAuth client ({@code {"clientId","clientSecret"}}), created once. */
    public synchronized String simSwapSecretArn() {
        if (simSwapSecretArn == null) {
            String secret = name + "-SimSwapCredentials";
            try {
                simSwapSecretArn = secrets.createSecret(r -> r.name(secret).secretString(SimSwapStandIn.credentialsJson())).arn();
            } catch (ResourceExistsException e) {
                simSwapSecretArn = secrets.describeSecret(r -> r.secretId(secret)).arn(); // A named stack made earlier.
            }
        }
        return simSwapSecretArn;
    }

    /**
     * The local stand-in for End User Messaging, started on first use: a function the template allows to
     * send SMS ({@code sms-voice:SendTextMessage} in its policies) gets it as its SMS endpoint, so its
     * texts are recorded here instead of sent.
     */
    public synchronized SmsOutbox outbox() {
        if (outbox == null) {
            outbox = SmsOutbox.start();
            if (template.resource(DeliveryEvents.TOPIC).isPresent()) {
                // As the configuration set's event destination does: each text's delivery event on DeliveryEventsTopic.
                deliveryEvents = new DeliveryEvents(sns, physicalId(DeliveryEvents.TOPIC));
                outbox.onText(deliveryEvents);
            }
        }
        return outbox;
    }

    /** The outbox's delivery events (to make some destinations fail), when the template has DeliveryEventsTopic. */
    public synchronized java.util.Optional<DeliveryEvents> deliveryEvents() {
        outbox();
        return java.util.Optional.ofNullable(deliveryEvents);
    }

    /** The outbox if something started it (a function that sends SMS was given its environment). */
    public synchronized java.util.Optional<SmsOutbox> startedOutbox() {
        return java.util.Optional.ofNullable(outbox);
    }

    /** A function that calls End User Messaging: it sends texts, or gives conversion feedback on them. */
    private static boolean sendsSms(CloudFormationTemplate.Resource function) {
        Object policies = function.properties().get("Policies");
        return mentions(policies, "sms-voice:SendTextMessage") || mentions(policies, "sms-voice:PutMessageFeedback");
    }

    private static boolean mentions(Object value, String text) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> mentions(v, text));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> mentions(v, text));
        }
        return text.equals(value);
    }

    /** The handler string of a function ({@code package.Class::method}). */
    public String handler(String functionLogicalId) {
        return template.resource(functionLogicalId)
                .map(r -> {
                    Object handler = r.properties().getOrDefault("Handler", template.functionGlobals().get("Handler"));
                    return intrinsics.resolveString(handler);
                })
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + functionLogicalId));
    }

    /** Creates every resource this stack can create (tables, topics, queues, secrets) whose condition holds. */
    public Stack provisionAll() {
        template.resources().values().stream()
                .filter(resource -> resource.condition() == null || intrinsics.condition(resource.condition()))
                .forEach(resource -> ensure(resource.logicalId()));
        return this;
    }

    /** What {@code !Ref logicalId} gives: a table's name, a topic's ARN, a queue's URL, a secret's ARN. */
    public String physicalId(String logicalId) {
        return ensure(logicalId).ref();
    }

    public TopicTap tap(String topicLogicalId) {
        ensure(topicLogicalId);
        TopicTap tap = taps.get(topicLogicalId);
        if (tap == null) {
            throw new IllegalArgumentException(topicLogicalId + " is not a topic");
        }
        return tap;
    }

    /** Every topic created so far, in the order they were created. */
    public Map<String, TopicTap> taps() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(taps));
    }

    /** The logical ids of the tables created so far, in creation order. */
    public List<String> tables() {
        synchronized (this) {
            return provisioned.entrySet().stream()
                    .filter(e -> "AWS::DynamoDB::Table".equals(e.getValue().type()))
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    /** Every item of a table, for asserting what was (and was not) written. */
    public List<Map<String, AttributeValue>> scan(String tableLogicalId) {
        String table = physicalId(tableLogicalId);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SnsClient sns() {
        return sns;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SecretsManagerClient secretsManager() {
        return secrets;
    }

    public KmsClient kms() {
        return kms;
    }

    private Object ref(String logicalId) {
        switch (logicalId) {
            case "AWS::Region":
                return emulator.region();
            case "AWS::AccountId":
                return emulator.accountId();
            case "AWS::StackName":
                return name;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return Intrinsics.NO_VALUE;
            default:
                break;
        }
        if (parameterValues.containsKey(logicalId)) {
            String value = parameterValues.get(logicalId);
            Object definition = template.parameters().get(logicalId);
            boolean isList = definition instanceof Map<?, ?> map && String.valueOf(map.get("Type")).startsWith("CommaDelimitedList");
            return isList ? List.of(value.isEmpty() ? new String[0] : value.split("\\s*,\\s*")) : value;
        }
        return physicalId(logicalId);
    }

    private String attribute(String logicalId, String attribute) {
        Provisioned resource = ensure(logicalId);
        String value = resource.attributes().get(attribute);
        if (value == null) {
            throw new IllegalArgumentException("the local stack has no attribute " + attribute + " for " + logicalId
                    + " (" + resource.type() + ")");
        }
        return value;
    }

    private synchronized Provisioned ensure(String logicalId) {
        Provisioned existing = provisioned.get(logicalId);
        if (existing != null) {
            return existing;
        }
        CloudFormationTemplate.Resource resource = template.resource(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no resource or parameter " + logicalId));
        if (resource.condition() != null && !intrinsics.condition(resource.condition())) {
            throw new IllegalArgumentException(logicalId + " is not created: condition " + resource.condition() + " is false");
        }
        String physical = name + "-" + logicalId;
        Provisioned created = switch (resource.type()) {
            case "AWS::DynamoDB::Table" -> createTable(physical, resource);
            case "AWS::SNS::Topic" -> createTopic(physical, resource);
            case "AWS::SQS::Queue" -> createQueue(physical, resource);
            case "AWS::SNS::Subscription" -> createSubscription(physical, resource);
            case "AWS::KMS::Key" -> createKey(physical, resource);
            case "AWS::SecretsManager::Secret" -> createSecret(logicalId, physical);
            case "AWS::Serverless::Function" -> new Provisioned(resource.type(), physical, Map.of(
                    "Arn", "arn:aws:lambda:" + emulator.region() + ":" + emulator.accountId() + ":function:" + physical));
            default -> new Provisioned(resource.type(), physical, Map.of(
                    "Arn", "arn:aws:local:" + emulator.region() + ":" + emulator.accountId() + ":" + physical));
        };
        provisioned.put(logicalId, created);
        return created;
    }

    @SuppressWarnings("unchecked")
    private Provisioned createTable(String table, CloudFormationTemplate.Resource resource) {
        Map<String, Object> props = (Map<String, Object>) intrinsics.resolve(resource.properties());
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table)
                .keySchema(keySchema(props.get("KeySchema")))
                .attributeDefinitions(((List<Map<String, Object>>) props.getOrDefault("AttributeDefinitions", List.of())).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList());
        boolean onDemand = "PAY_PER_REQUEST".equals(props.get("BillingMode"));
        ProvisionedThroughput throughput = ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build();
        if (onDemand) {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        } else {
            request.provisionedThroughput(throughput);
        }
        List<Map<String, Object>> indexes = (List<Map<String, Object>>) props.getOrDefault("GlobalSecondaryIndexes", List.of());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes.stream().map(index -> {
                Map<String, Object> projection = (Map<String, Object>) index.getOrDefault("Projection", Map.of());
                GlobalSecondaryIndex.Builder gsi = GlobalSecondaryIndex.builder()
                        .indexName((String) index.get("IndexName"))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType((String) projection.getOrDefault("ProjectionType", "ALL"))
                                .nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"))
                                .build());
                if (!onDemand) {
                    gsi.provisionedThroughput(throughput);
                }
                return gsi.build();
            }).toList());
        }
        boolean created = true;
        try {
            dynamoDb.createTable(request.build());
        } catch (ResourceInUseException e) {
            created = false; // A named stack made earlier: use the table as it is.
        }
        Map<String, Object> ttl = (Map<String, Object>) props.get("TimeToLiveSpecification");
        if (created && ttl != null && Boolean.parseBoolean(String.valueOf(ttl.get("Enabled")))) {
            dynamoDb.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName((String) ttl.get("AttributeName")).enabled(true)));
        }
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().tableArn();
        return new Provisioned(resource.type(), table, Map.of("Arn", arn));
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keySchema(Object schema) {
        return ((List<Map<String, Object>>) schema).stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName((String) k.get("AttributeName"))
                        .keyType((String) k.get("KeyType")).build())
                .toList();
    }

    private Provisioned createTopic(String topic, CloudFormationTemplate.Resource resource) {
        Map<String, String> attributes = new TreeMap<>();
        resolvedString(resource, "KmsMasterKeyId").ifPresent(key -> attributes.put("KmsMasterKeyId", key));
        String arn = sns.createTopic(r -> r.name(topic).attributes(attributes)).topicArn();
        String queueUrl = sqs.createQueue(r -> r.queueName(topic + "-tap")).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(r -> r.topicArn(arn).protocol("sqs").endpoint(queueArn));
        taps.put(resource.logicalId(), new TopicTap(resource.logicalId(), sqs, queueUrl, emulator.asynchronousDelivery()));
        return new Provisioned(resource.type(), arn, Map.of("TopicArn", arn, "TopicName", topic));
    }

    /** A queue with the template's encryption and retention (what a dead-letter queue keeps, and how long). */
    private Provisioned createQueue(String queue, CloudFormationTemplate.Resource resource) {
        Map<QueueAttributeName, String> attributes = new TreeMap<>();
        resolvedString(resource, "KmsMasterKeyId").ifPresent(key -> attributes.put(QueueAttributeName.KMS_MASTER_KEY_ID, key));
        resolvedString(resource, "MessageRetentionPeriod")
                .ifPresent(seconds -> attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds));
        resolvedString(resource, "VisibilityTimeout")
                .ifPresent(seconds -> attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds));
        resource.property("RedrivePolicy").map(intrinsics::resolve).filter(Map.class::isInstance)
                .ifPresent(policy -> attributes.put(QueueAttributeName.REDRIVE_POLICY, json(policy)));
        String url;
        try {
            url = sqs.createQueue(r -> r.queueName(queue).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException e) {
            url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl(); // A named stack made earlier.
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Provisioned("AWS::SQS::Queue", url, Map.of("Arn", arn, "QueueName", queue, "QueueUrl", url));
    }

    /**
     * An SQS subscription as the template declares it (filter policy, its scope, raw delivery); other
     * protocols (an operator's e-mail) are not created locally. A named stack made earlier keeps its one.
     */
    @SuppressWarnings("unchecked")
    private Provisioned createSubscription(String subscription, CloudFormationTemplate.Resource resource) {
        Map<String, Object> props = (Map<String, Object>) intrinsics.resolve(resource.properties());
        if (!"sqs".equals(props.get("Protocol"))) {
            return new Provisioned(resource.type(), subscription, Map.of());
        }
        String topicArn = String.valueOf(props.get("TopicArn"));
        String endpoint = String.valueOf(props.get("Endpoint"));
        String existing = sns.listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
                .filter(s -> endpoint.equals(s.endpoint())).map(software.amazon.awssdk.services.sns.model.Subscription::subscriptionArn)
                .findFirst().orElse(null);
        if (existing != null) {
            return new Provisioned(resource.type(), existing, Map.of());
        }
        Map<String, String> attributes = new TreeMap<>();
        if (props.get("FilterPolicy") != null) {
            attributes.put("FilterPolicy", json(props.get("FilterPolicy")));
            attributes.put("FilterPolicyScope", String.valueOf(props.getOrDefault("FilterPolicyScope", "MessageAttributes")));
        }
        if (props.get("RawMessageDelivery") != null) {
            attributes.put("RawMessageDelivery", String.valueOf(props.get("RawMessageDelivery")));
        }
        String arn = sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(endpoint).attributes(attributes)
                .returnSubscriptionArn(true)).subscriptionArn();
        return new Provisioned(resource.type(), arn, Map.of());
    }

    /**
     * A symmetric key in the emulator's KMS, with an alias of the stack's (so a named stack made earlier
     * finds its key again). The key policy stays the emulator's default: the emulator enforces no IAM,
     * and the template's key policy is checked by the template tests instead.
     */
    private Provisioned createKey(String key, CloudFormationTemplate.Resource resource) {
        String alias = "alias/" + key;
        KeyMetadata metadata;
        try {
            metadata = kms.describeKey(r -> r.keyId(alias)).keyMetadata();
        } catch (NotFoundException e) {
            metadata = kms.createKey(r -> r.description(key)).keyMetadata();
            String id = metadata.keyId();
            kms.createAlias(r -> r.aliasName(alias).targetKeyId(id));
        }
        return new Provisioned(resource.type(), metadata.keyId(), Map.of("Arn", metadata.arn(), "KeyId", metadata.keyId()));
    }

    private java.util.Optional<String> resolvedString(CloudFormationTemplate.Resource resource, String property) {
        return resource.property(property)
                .map(intrinsics::resolve)
                .filter(value -> value != Intrinsics.NO_VALUE)
                .map(String::valueOf);
    }

    private Provisioned createSecret(String logicalId, String secret) {
        String value = DevelopmentKeys.secretValue(logicalId);
        String arn;
        try {
            arn = secrets.createSecret(r -> r.name(secret).secretString(value)).arn();
        } catch (ResourceExistsException e) {
            arn = secrets.describeSecret(r -> r.secretId(secret)).arn(); // A named stack made earlier.
        }
        return new Provisioned("AWS::SecretsManager::Secret", arn, Map.of("Id", arn));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variablesOf(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        if (environment instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
            return (Map<String, Object>) variables;
        }
        return Map.of();
    }

    private static Map<String, String> parameterValues(CloudFormationTemplate template, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        template.parameters().forEach((name, definition) -> {
            if (definition instanceof Map<?, ?> map && map.containsKey("Default")) {
                values.put(name, String.valueOf(map.get("Default")));
            }
        });
        overrides.forEach((name, value) -> {
            if (!template.parameters().containsKey(name)) {
                throw new IllegalArgumentException("template.yaml has no parameter " + name);
            }
            values.put(name, value);
        });
        return values;
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return builder.region(Region.of(emulator.region()))
                .endpointOverride(URI.create(emulator.endpoint().toString()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .httpClient(http)
                .build();
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + value, e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (outbox != null) {
                outbox.close();
            }
            if (simSwap != null) {
                simSwap.close();
            }
        }
        dynamoDb.close();
        sns.close();
        sqs.close();
        secrets.close();
        kms.close();
        http.close();
    }

    @Override
    public String toString() {
        return "stack " + name + " on " + emulator.describe().toLowerCase(Locale.ROOT);
    }
}
