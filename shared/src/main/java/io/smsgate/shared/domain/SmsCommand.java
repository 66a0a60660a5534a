package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A validated text that is not a compliance keyword, on its way to the country policy: published by
 * InboundSmsFunction to CommandsTopic. The sender and the body travel sealed, both bound to the
 * {@code inboundMessageId} (the body, PIN included, is opened only by PostingFunction; CountryPolicyFunction
 * decides on the command name and passes the sealed body on); the deployment's own number is not
 * personal data and says which of our numbers was texted.
 */
public record SmsCommand(
        String type,
        int version,
        String inboundMessageId,
        CommandName command,
        String country,
        SealedNumber sender,
        String destinationNumber,
        String sealedText,
        Instant receivedAt) implements PublishedMessage {
    public static final String TYPE = "SmsCommand";
    public static final int VERSION = 1;

    public SmsCommand {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(inboundMessageId, "inboundMessageId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public static SmsCommand of(String inboundMessageId, CommandName command, CountryCode country, SealedNumber sender,
                                String destinationNumber, String sealedText, Instant receivedAt) {
        return new SmsCommand(TYPE, VERSION, inboundMessageId, command, country.value(), sender, destinationNumber,
                sealedText, receivedAt);
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("command", command.name(), "country", country);
    }
}
