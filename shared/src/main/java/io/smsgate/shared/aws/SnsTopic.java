package io.smsgate.shared.aws;

import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.security.MessageSigner;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a message as JSON with its filter attributes. Refuses any attribute outside
 * {@link PublishedMessage#ATTRIBUTE_NAMES}: attributes are for routing, never for data. A message of a
 * type that carries a MAC ({@link MessageSigner#SIGNED_TYPES}) is published only through a topic built
 * with the signer, which adds it.
 */
public final class SnsTopic<M extends PublishedMessage> implements Topic<M> {
    private final SnsClient sns;
    private final String topicArn;
    private final MessageSigner signer;

    /** For messages without a MAC (SmsCommand, PostCreated, SecurityEvent...). */
    public SnsTopic(SnsClient sns, String topicArn) {
        this(sns, topicArn, null);
    }

    /** For ApprovedCommand, OutboundSms and MessageFeedback: each message is published with its MAC. */
    public SnsTopic(SnsClient sns, String topicArn, MessageSigner signer) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.signer = signer;
    }

    @Override
    public void publish(M message) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        message.attributes().forEach((name, value) -> {
            if (!PublishedMessage.ATTRIBUTE_NAMES.contains(name)) {
                throw new IllegalArgumentException("message attribute '" + name + "' is not a routing attribute");
            }
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
        });
        String body;
        if (signer != null) {
            body = signer.write(message);
        } else if (MessageSigner.SIGNED_TYPES.contains(message.type())) {
            throw new IllegalStateException(message.type() + " is published with its MAC: build this topic with a MessageSigner");
        } else {
            body = Json.write(message);
        }
        sns.publish(request -> request.topicArn(topicArn).message(body).messageAttributes(attributes));
    }
}
