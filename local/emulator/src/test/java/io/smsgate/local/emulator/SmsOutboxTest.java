package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.PinpointSmsVoiceV2Exception;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.ValidationException;

/** The local outbox against the real pinpoint-sms-voice-v2 client: what the SDK sends is what is recorded. */
class SmsOutboxTest {
    private SmsOutbox outbox;
    private PinpointSmsVoiceV2Client client;

    @BeforeEach
    void start() {
        outbox = SmsOutbox.start();
        client = PinpointSmsVoiceV2Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(outbox.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        outbox.close();
    }

    @Test
    void recordsEachTextTheSdkSendsAndAnswersWithItsMessageId() {
        String messageId = client.sendTextMessage(r -> r
                .destinationPhoneNumber("+447700900123")
                .originationIdentity("arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1")
                .messageBody("smsgate: your login code is 042137.\n\n@app.smsgate.example #042137")
                .messageType(MessageType.TRANSACTIONAL)
                .configurationSetName("smsgate-config")
                .timeToLive(600)
                .context(Map.of("verificationId", "sampleVerification0001"))
                .dryRun(false)).messageId();

        assertThat(outbox.texts()).singleElement().satisfies(text -> {
            assertThat(text.messageId()).isEqualTo(messageId);
            assertThat(text.destination()).isEqualTo("+447700900123");
            assertThat(text.maskedDestination()).isEqualTo("+44******0123");
            assertThat(text.originationIdentity()).endsWith("phone-number/phone-1");
            assertThat(text.body()).startsWith("smsgate: your login code is 042137.").endsWith("#042137");
            assertThat(text.code()).contains("042137");
            assertThat(text.messageType()).isEqualTo("TRANSACTIONAL");
            assertThat(text.configurationSet()).isEqualTo("smsgate-config");
            assertThat(text.timeToLive()).isEqualTo(600);
            assertThat(text.context()).containsExactlyEntriesOf(Map.of("verificationId", "sampleVerification0001"));
            assertThat(text.dryRun()).isFalse();
            assertThat(text.toString()).doesNotContain("7700900123").doesNotContain("042137");
        });
        assertThat(outbox.lastTo("+447700900123")).isPresent();
        assertThat(outbox.lastTo("+447700900999")).isEmpty();
    }

    @Test
    void answersSendsSideBySideAsTheServiceDoes() throws Exception {
        // Each send's delivery event waits until another send has arrived: answered one at a time, the first would wait in vain.
        java.util.concurrent.CountDownLatch bothArrived = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicInteger waitedInVain = new java.util.concurrent.atomic.AtomicInteger();
        outbox.onText(text -> {
            bothArrived.countDown();
            try {
                if (!bothArrived.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    waitedInVain.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = senders.submit(() -> client.sendTextMessage(r -> r.destinationPhoneNumber("+12065550123").originationIdentity("pool-1").messageBody("one")));
            var second = senders.submit(() -> client.sendTextMessage(r -> r.destinationPhoneNumber("+12065550124").originationIdentity("pool-1").messageBody("two")));
            assertThat(first.get(20, java.util.concurrent.TimeUnit.SECONDS).messageId()).isNotBlank();
            assertThat(second.get(20, java.util.concurrent.TimeUnit.SECONDS).messageId()).isNotBlank();
        } finally {
            senders.shutdownNow();
        }
        assertThat(waitedInVain).hasValue(0);
        assertThat(outbox.texts()).extracting(SmsOutbox.Text::body).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void keepsTextsInOrderUntilCleared() {
        for (String body : new String[] {"one", "two", "three"}) {
            client.sendTextMessage(r -> r.destinationPhoneNumber("+12065550123").originationIdentity("pool-1").messageBody(body));
        }
        assertThat(outbox.texts()).extracting(SmsOutbox.Text::body).containsExactly("one", "two", "three");
        assertThat(outbox.texts()).allSatisfy(text -> assertThat(text.timeToLive()).isNull());
        outbox.clear();
        assertThat(outbox.texts()).isEmpty();
    }

    @Test
    void refusesWhatEndUserMessagingWouldRefuse() {
        assertThatThrownBy(() -> client.sendTextMessage(r -> r.destinationPhoneNumber("07700900123")
                .originationIdentity("pool-1").messageBody("local format")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> client.sendTextMessage(r -> r.destinationPhoneNumber("+447700900123")
                .messageBody("no origination identity")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> client.describePhoneNumbers(r -> r.maxResults(1)))
                .isInstanceOfSatisfying(PinpointSmsVoiceV2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
        assertThat(outbox.texts()).isEmpty();
    }
}
