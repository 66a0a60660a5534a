package io.smsgate.shared.aws;

import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.Topic;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a message as JSON with its filter attributes. Refuses any attribute outside
 * {@link PublishedMessage#ATTRIBUTE_NAMES}: attributes are for routing, never for data.
 */
public final class SnsTopic<M extends PublishedMessage> implements Topic<M> {
    private final SnsClient sns;
    private final String topicArn;

    public SnsTopic(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
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
        sns.publish(request -> request.topicArn(topicArn).message(Json.write(message)).messageAttributes(attributes));
    }
}
