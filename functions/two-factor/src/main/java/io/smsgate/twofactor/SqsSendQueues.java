package io.smsgate.twofactor;

import io.smsgate.shared.aws.AwsPriming;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link SendQueues} on SQS: {@code ChangeMessageVisibility} for a back-off, and CodeSendQueue's
 * {@code ApproximateNumberOfMessages} (visible messages only: a code in flight or backing off does not
 * hold replies up; its slot in the pacing bucket does), asked at most once a second per execution.
 */
final class SqsSendQueues implements SendQueues {
    private static final Duration DEPTH_CACHE = Duration.ofSeconds(1);
    private static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final SqsClient sqs;
    private final String codeQueueUrl;
    private final String textQueueUrl;
    private Instant depthAskedAt = Instant.MIN;
    private long codesQueued;

    SqsSendQueues(SqsClient sqs, String codeQueueUrl, String textQueueUrl) {
        this.sqs = sqs;
        this.codeQueueUrl = codeQueueUrl;
        this.textQueueUrl = textQueueUrl;
    }

    @Override
    public void retryAfter(String eventSourceArn, String receiptHandle, Duration delay) {
        String url = urlOf(eventSourceArn);
        if (url == null || receiptHandle == null) {
            return;
        }
        int seconds = (int) Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, delay.toSeconds()));
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    @Override
    public synchronized long codesQueued(Instant now) {
        if (now.isBefore(depthAskedAt.plus(DEPTH_CACHE))) {
            return codesQueued;
        }
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(codeQueueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        codesQueued = Math.max(0, Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
        depthAskedAt = now;
        return codesQueued;
    }

    /**
     * SnapStart priming of both calls, without changing a queue: CodeSendQueue's depth asked for real (a
     * read; the answer is not kept, so the first message after a restore asks again), and a visibility
     * change stopped before transmission ({@link AwsPriming#stopped}), whose receipt handle no message has.
     */
    void prime() {
        sqs.getQueueAttributes(r -> r.queueUrl(codeQueueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        AwsPriming.stopped("ChangeMessageVisibility", stop -> sqs.changeMessageVisibility(r -> r.overrideConfiguration(stop)
                .queueUrl(textQueueUrl).receiptHandle(AwsPriming.RESERVED_KEY).visibilityTimeout(0)));
    }

    /** The queue an event came from: the ARN's last part is the queue's name, the URL's too. */
    private String urlOf(String eventSourceArn) {
        if (eventSourceArn == null) {
            return null;
        }
        String name = eventSourceArn.substring(eventSourceArn.lastIndexOf(':') + 1);
        for (String url : new String[] {codeQueueUrl, textQueueUrl}) {
            if (url.endsWith("/" + name)) {
                return url;
            }
        }
        return null;
    }
}
