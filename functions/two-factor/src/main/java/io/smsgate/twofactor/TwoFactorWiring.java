package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.DynamoIdempotencyGuard;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.aws.SimSwapSignals;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.Counters;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the two functions' services from the environment: plain constructors, once per execution environment. */
final class TwoFactorWiring {
    private TwoFactorWiring() {
    }

    // ------------------------------------------------------------------ VerificationApiFunction

    static VerificationApi verificationApi(Environment env) {
        VerificationApiConfig config = VerificationApiConfig.from(env);
        // A first request's event, body and AWS calls, warmed beside the clients and the secrets read.
        try (Priming.Background parsing = Priming.inBackground("verification API parsing",
                VerificationApiPriming.parsing(new RequestBodies(config.allowFictionalNumbers())))) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("verification API AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb(); SnsClient sns = clients.sns()) {
                    VerificationApiPriming.awsCalls(config, dynamo, sns).run();
                }
            })) {
                Platform platform = verificationApiPlatform(env, clients);
                return verificationApi(env, platform, platform.clock(), VerificationService.randomIds(new SecureRandom()));
            }
        }
    }

    /**
     * The phone key, sealing numbers (verifications, links, CODE requests), MACing OutboundSms and
     * MessageFeedback, session digests, PINs.
     */
    static Platform verificationApiPlatform(Environment env) {
        return verificationApiPlatform(env, AwsClients.from(env));
    }

    private static Platform verificationApiPlatform(Environment env, AwsClients clients) {
        return Platform.from(env, clients, "VerificationApiFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.MESSAGE_FEEDBACK_MAC, KeyRing.Purpose.CODE_DIGEST,
                KeyRing.Purpose.PIN_PEPPER);
    }

    /** The same, with the clock and verification ids given (tests). */
    static VerificationApi verificationApi(Environment env, Platform platform, Clock clock, Supplier<String> ids) {
        return verificationApi(env, platform, clock, ids, SimSwapSignals.from(platform), UnaryOperator.identity());
    }

    /** The same, with the SIM-swap signal given and the verifications store wrapped (tests that interleave checks). */
    static VerificationApi verificationApi(Environment env, Platform platform, Clock clock, Supplier<String> ids,
                                           SimSwapSignal simSwap, UnaryOperator<Verifications> wrap) {
        VerificationApiConfig config = VerificationApiConfig.from(env);
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        // One client per service: each build costs start-up time.
        SnsClient sns = platform.clients().sns();
        Counters counters = new DynamoCounters(dynamo, config.countersTable());
        DynamoCountryPolicies policyTable = new DynamoCountryPolicies(dynamo, config.countryPoliciesTable());
        CachingCountryPolicies policies = new CachingCountryPolicies(policyTable, config.policyCacheTtl(), clock);
        DynamoPhoneLinks links = new DynamoPhoneLinks(dynamo, config.phoneLinksTable());
        RequestBodies bodies = new RequestBodies(config.allowFictionalNumbers());
        VerificationService verifications = new VerificationService(
                wrap.apply(new DynamoVerifications(dynamo, config.verificationsTable(), config.countersTable())),
                new DynamoStartReads(dynamo, config.verificationsTable(), config.countersTable()),
                new DynamoCheckFailures(dynamo, config.verificationsTable()),
                policies,
                new Budgets(counters, config.limits().globalDailyCodeBudget()),
                links,
                simSwap,
                new SnsTopic<>(sns, config.outboundSmsTopicArn(), platform.signer()),
                new SnsTopic<>(sns, config.securityEventsTopicArn()),
                new PumpingGuard(new DynamoConversionCounters(dynamo, config.countersTable()), policies, platform.metrics()),
                // Conversion feedback goes through the door out: this function calls no End User Messaging API.
                new SnsTopic<MessageFeedback>(sns, config.outboundSmsTopicArn(), platform.signer()),
                platform.keys(),
                config.limits(),
                config.brand(),
                platform.metrics(),
                clock,
                ids);
        SmsSettingsService settings = new SmsSettingsService(links, policies,
                new PinHasher(platform.keys(), config.pinHashIterations()),
                new SnsTopic<>(sns, config.securityEventsTopicArn()), config.maxPinFailures(),
                platform.metrics(), clock);
        VerificationApiPriming.register(config, bodies, platform.keys(), dynamo, sns, policies, policyTable, simSwap);
        // A start's own reads and decisions too (what it caches in the policy cache is cleared at every restore).
        VerificationApiPriming.registerStart(verifications);
        return new VerificationApi(bodies, verifications, settings, platform.metrics());
    }

    // ------------------------------------------------------------------ SendSmsFunction

    /** What SendSmsHandler is built from. */
    record SendSmsFunction(SendSmsService service, SendQueues queues, io.smsgate.shared.port.Metrics metrics, int sendsAtOnce) {
    }

    static SendSmsFunction sendSmsFunction(Environment env) {
        SendSmsConfig config = SendSmsConfig.from(env);
        // A first batch's event, a code's text and the AWS calls a send makes, warmed beside the clients and the secrets read.
        try (Priming.Background parsing = Priming.inBackground("code texts",
                SendSmsPriming.parsing(new CodeMessages(config.brand(), config.webOtpDomain())))) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("send AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb();
                     PinpointSmsVoiceV2Client sms = clients.buildSingleAttempt(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2")) {
                    SendSmsPriming.awsCalls(config, dynamo, sms).run();
                }
            })) {
                Platform platform = sendSmsPlatform(env, clients);
                // One SQS client for the service and the handler (each build costs start-up time).
                SendQueues queues = sendQueues(env, platform);
                Clock clock = platform.clock();
                return new SendSmsFunction(sendSmsService(env, platform, clock, UnaryOperator.identity(), UnaryOperator.identity(),
                        Pause.sleeping(clock), queues), queues, platform.metrics(), config.sendsPerExecution());
            }
        }
    }

    /**
     * Reading OutboundSms (its MAC, the recipient) and MessageFeedback (its MAC), and the digest of the code
     * it sends: never a PIN or a text's body.
     */
    static Platform sendSmsPlatform(Environment env) {
        return sendSmsPlatform(env, AwsClients.from(env));
    }

    private static Platform sendSmsPlatform(Environment env, AwsClients clients) {
        return Platform.from(env, clients, "SendSmsFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.MESSAGE_FEEDBACK_MAC, KeyRing.Purpose.CODE_DIGEST);
    }

    /** The send queues SendSmsFunction backs off on and watches for codes (none when the variables are absent). */
    static SendQueues sendQueues(Environment env, Platform platform) {
        SendSmsConfig config = SendSmsConfig.from(env);
        return config.codeQueueUrl().isBlank() || config.textQueueUrl().isBlank() ? SendQueues.none()
                : new SqsSendQueues(platform.clients().build(SqsClient.builder(), "SQS"), config.codeQueueUrl(), config.textQueueUrl());
    }

    /** The same, with the clock given (tests). */
    static SendSmsService sendSmsService(Environment env, Platform platform, Clock clock) {
        return sendSmsService(env, platform, clock, UnaryOperator.identity());
    }

    /** The same, with the provider wrapped (tests that make a send fail at a chosen moment). */
    static SendSmsService sendSmsService(Environment env, Platform platform, Clock clock, UnaryOperator<SmsProvider> wrap) {
        return sendSmsService(env, platform, clock, wrap, UnaryOperator.identity());
    }

    /** The same, with the verifications store wrapped too (tests that lose a write's answer). */
    static SendSmsService sendSmsService(Environment env, Platform platform, Clock clock, UnaryOperator<SmsProvider> wrap,
                                         UnaryOperator<Verifications> wrapVerifications) {
        return sendSmsService(env, platform, clock, wrap, wrapVerifications, Pause.sleeping(clock));
    }

    /** The same, waiting for pacing slots with {@code pause} (tests move their clock instead of sleeping). */
    static SendSmsService sendSmsService(Environment env, Platform platform, Clock clock, UnaryOperator<SmsProvider> wrap,
                                         UnaryOperator<Verifications> wrapVerifications, Pause pause) {
        return sendSmsService(env, platform, clock, wrap, wrapVerifications, pause, sendQueues(env, platform));
    }

    private static SendSmsService sendSmsService(Environment env, Platform platform, Clock clock, UnaryOperator<SmsProvider> wrap,
                                                 UnaryOperator<Verifications> wrapVerifications, Pause pause, SendQueues queues) {
        SendSmsConfig config = SendSmsConfig.from(env);
        DynamoDbClient dynamo = platform.clients().dynamoDb();
        Counters counters = new DynamoCounters(dynamo, config.countersTable());
        PinpointSmsVoiceV2Client sms = platform.clients().buildSingleAttempt(PinpointSmsVoiceV2Client.builder(), "PINPOINT_SMS_VOICE_V2");
        CodeMessages messages = new CodeMessages(config.brand(), config.webOtpDomain());
        DynamoCountryPolicies policyTable = new DynamoCountryPolicies(dynamo, config.countryPoliciesTable());
        CachingCountryPolicies policies = new CachingCountryPolicies(policyTable, config.policyCacheTtl(), clock);
        PumpingGuard pumping = new PumpingGuard(new DynamoConversionCounters(dynamo, config.countersTable()), policies, platform.metrics());
        SendSmsService.Pacing pacing = new SendSmsService.Pacing(
                new DynamoSendPacer(dynamo, config.countersTable(), config.originationIdentity(), config.sendRatePerSecond()),
                queues, pause, new ReplyBudgets(counters, config.globalDailyReplyBudget()), config.staleReply());
        SendSmsPriming.register(config, messages, platform.keys(), dynamo, sms, queues, policies, policyTable);
        DynamoIdempotencyGuard claims = new DynamoIdempotencyGuard(dynamo, config.countersTable(), config.idempotencyLease(),
                config.idempotencyRetention());
        return new SendSmsService(
                claims,
                wrapVerifications.apply(new DynamoVerifications(dynamo, config.verificationsTable())),
                new SendSmsService.Bookkeeping(
                        new DynamoSendReads(dynamo, config.verificationsTable(), config.optOutsTable(), config.countersTable()),
                        new DynamoSentCodes(dynamo, config.verificationsTable(), config.countersTable(), claims),
                        pumping),
                policies,
                new Budgets(counters, config.limits().globalDailyCodeBudget()),
                pacing,
                wrap.apply(new EndUserMessagingSmsProvider(sms, OriginationIdentities.from(env), config.configurationSet(), config.dryRun())),
                new MessageFeedbackService(platform.keys(), new EndUserMessagingFeedback(sms), platform.metrics()),
                messages,
                new OneTimeCodes(new SecureRandom()),
                platform.keys(),
                config.limits(),
                platform.metrics(),
                clock);
    }

    // ------------------------------------------------------------------ DeliveryReceiptFunction

    /** No key ring: the function never needs a number (it drops the one each event carries). */
    static DeliveryReceiptService deliveryReceiptService(Environment env) {
        String table = env.require("VERIFICATIONS_TABLE_NAME");
        // A first receipt's event and its one update, warmed side by side while the function starts.
        try (Priming.Background parsing = Priming.inBackground("delivery events parsing", DeliveryReceiptPriming.parsing())) {
            AwsClients clients = AwsClients.from(env);
            try (Priming.Background calls = Priming.inBackground("delivery receipt AWS calls", () -> {
                try (DynamoDbClient dynamo = clients.dynamoDb()) {
                    DeliveryReceiptPriming.awsCalls(new DynamoVerifications(dynamo, table)).run();
                }
            })) {
                Platform platform = Platform.withoutKeys(env, clients, "DeliveryReceiptFunction");
                DynamoDbClient dynamo = platform.clients().dynamoDb();
                Verifications verifications = new DynamoVerifications(dynamo, table);
                DeliveryReceiptService service = new DeliveryReceiptService(verifications, env.flag("ALLOW_FICTIONAL_NUMBERS", false),
                        platform.metrics());
                DeliveryReceiptPriming.register(verifications);
                return service;
            }
        }
    }
}
