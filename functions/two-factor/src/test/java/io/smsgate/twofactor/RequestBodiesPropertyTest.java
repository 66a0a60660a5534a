package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import java.security.SecureRandom;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The API's request bodies are outside text: any string is a request or a refusal, never an exception. */
class RequestBodiesPropertyTest {
    private final RequestBodies bodies = new RequestBodies(true);

    @Property(tries = 2000)
    void anyStringIsARequestOrARefusalForEveryRoute(@ForAll String body) {
        assertThat(bodies.start(body)).isNotNull();
        assertThat(bodies.code(body)).isNotNull();
        assertThat(bodies.check(body)).isNotNull();
        assertThat(bodies.unlock(body)).isNotNull();
        assertThat(bodies.settings(body)).isNotNull();
    }

    @Property(tries = 1000)
    void anyJsonObjectWithAnyFieldsIsARequestOrARefusal(@ForAll("jsonObjects") String body) {
        assertThat(bodies.start(body)).isNotNull();
        assertThat(bodies.code(body)).isNotNull();
        assertThat(bodies.check(body)).isNotNull();
        assertThat(bodies.unlock(body)).isNotNull();
        assertThat(bodies.settings(body)).isNotNull();
    }

    @Property
    void aValidStartIsAccepted(@ForAll("purposes") VerificationPurpose purpose, @ForAll("accounts") String account,
                               @ForAll("locales") String locale, @ForAll @IntRange(min = 0, max = 999) int last) {
        String phone = String.format("+447700900%03d", last);
        ObjectNode node = Json.mapper().createObjectNode().put("phone", phone).put("purpose", purpose.name())
                .put("accountId", account).put("locale", locale);
        RequestBodies.Parsed<StartRequest> parsed = bodies.start(node.toString());
        assertThat(parsed).isInstanceOfSatisfying(RequestBodies.Ok.class, ok -> {
            StartRequest request = (StartRequest) ok.value();
            assertThat(request.phone().e164()).isEqualTo(phone);
            assertThat(request.purpose()).isEqualTo(purpose);
            assertThat(request.accountId()).isEqualTo(account);
            assertThat(request.locale()).isEqualTo(locale);
        });
    }

    @Property
    void aSessionIsAcceptedOnlyAsPrintableAsciiUpTo256AndARefusalNeverRepeatsIt(@ForAll @StringLength(max = 300) String session) {
        String body = Json.mapper().createObjectNode().put("code", "123456").put("purpose", "LOGIN").put("session", session).toString();
        RequestBodies.Parsed<CheckRequest> parsed = bodies.check(body);
        if (session.matches("[\\x21-\\x7E]{1,256}")) {
            assertThat(parsed).isEqualTo(new RequestBodies.Ok<>(new CheckRequest("123456", VerificationPurpose.LOGIN, null, session)));
        } else {
            assertThat(parsed).isEqualTo(new RequestBodies.Bad<CheckRequest>(ApiRejection.INVALID_SESSION, "session"));
        }
    }

    @Property
    void aCodeIsAcceptedOnlyAsSixAsciiDigitsAndARefusalNeverRepeatsIt(@ForAll @StringLength(max = 12) String code) {
        String body = Json.mapper().createObjectNode().put("code", code).toString();
        RequestBodies.Parsed<String> parsed = bodies.code(body);
        if (code.matches("[0-9]{6}")) {
            assertThat(parsed).isEqualTo(new RequestBodies.Ok<>(code));
        } else {
            assertThat(parsed).isEqualTo(new RequestBodies.Bad<String>(ApiRejection.INVALID_CODE, "code"));
        }
    }

    @Property
    void aPinIsAcceptedOnlyAsFourToEightDigits(@ForAll @StringLength(max = 10) String pin, @ForAll boolean posting) {
        String body = Json.mapper().createObjectNode().put("smsPosting", posting).put("pin", pin).toString();
        RequestBodies.Parsed<SettingsRequest> parsed = bodies.settings(body);
        if (pin.matches("[0-9]{4,8}")) {
            assertThat(parsed).isEqualTo(new RequestBodies.Ok<>(new SettingsRequest(posting, pin, null)));
            assertThat(((RequestBodies.Ok<SettingsRequest>) parsed).value().toString()).doesNotContain(pin);
        } else {
            assertThat(parsed).isEqualTo(new RequestBodies.Bad<SettingsRequest>(ApiRejection.INVALID_PIN, "pin"));
        }
    }

    @Property(tries = 2000)
    void everyVerificationIdIsAValidPathIdAndEveryRequestIdOfItIsWellFormed(@ForAll("ids") String id,
                                                                            @ForAll @IntRange(min = 1, max = 5) int send) {
        assertThat(RequestBodies.validVerificationId(id)).isTrue();
        assertThat(SendSmsService.wellFormedRequestId(id + "#" + send)).isTrue();
    }

    @Provide
    Arbitrary<String> ids() {
        Supplier<String> ids = VerificationService.randomIds(new SecureRandom());
        return Arbitraries.just(0).map(ignored -> ids.get());
    }

    @Provide
    Arbitrary<VerificationPurpose> purposes() {
        return Arbitraries.of(VerificationPurpose.class);
    }

    @Provide
    Arbitrary<String> accounts() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofLength(1),
                Arbitraries.strings().withChars("abcXYZ019._:@-").ofMaxLength(127)).as(String::concat);
    }

    @Provide
    Arbitrary<String> locales() {
        return Arbitraries.of("en", "en-GB", "fr_CA", "es-419", "pt-BR", "zh-Hant-TW", "ast");
    }

    @Provide
    Arbitrary<String> jsonObjects() {
        Arbitrary<String> keys = Arbitraries.of("phone", "purpose", "accountId", "locale", "code", "smsPosting", "pin",
                "confirmPosts", "other");
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.of("+447700900123", "LOGIN", "LINK_PHONE", "123456", "1234", "fr-FR").map(s -> (Object) s),
                Arbitraries.just((Object) null));
        return Arbitraries.maps(keys, values).ofMaxSize(9).map(map -> {
            ObjectNode node = Json.mapper().createObjectNode();
            map.forEach((key, value) -> node.set(key, Json.mapper().valueToTree(value)));
            return node.toString();
        });
    }
}
