package software.amazon.awssdk.regions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * smsgate's {@link GeneratedServiceMetadataProvider} must answer exactly as the SDK's class of the same name
 * (which the function jars leave out): the same prefixes, each with the same metadata class. The SDK's class
 * is read from the regions jar in a class loader that cannot see ours.
 */
class ServiceMetadataProviderTest {

    @Test
    void answersEveryPrefixOfTheSdksTableWithTheSameMetadataClass() throws Exception {
        Map<String, String> sdk = sdkTable();
        assertThat(sdk).as("the SDK's table, read from its jar").hasSizeGreaterThan(300).containsKey("dynamodb");

        GeneratedServiceMetadataProvider ours = new GeneratedServiceMetadataProvider();
        Map<String, String> answered = new TreeMap<>();
        for (String prefix : sdk.keySet()) {
            ServiceMetadata metadata = ours.serviceMetadata(prefix);
            answered.put(prefix, metadata == null ? null : metadata.getClass().getName());
        }
        assertThat(answered).as("the SDK's table changed with its version: make()'s cases are now%n%s", cases(sdk))
                .isEqualTo(sdk);
    }

    @Test
    void aPrefixTheSdkDoesNotKnowHasNoMetadataAsBefore() {
        GeneratedServiceMetadataProvider ours = new GeneratedServiceMetadataProvider();
        assertThat(ours.serviceMetadata("no-such-service")).isNull();
        assertThat(ours.serviceMetadata(null)).isNull();
        assertThat(ServiceMetadata.of("no-such-service").signingRegion(Region.EU_WEST_2))
                .as("ServiceMetadata.of falls back to the region itself, as with the SDK's table").isEqualTo(Region.EU_WEST_2);
    }

    @Test
    void eachPrefixHasOneInstanceAndOnlyItsClassIsLoaded() {
        GeneratedServiceMetadataProvider ours = new GeneratedServiceMetadataProvider();
        assertThat(ours.serviceMetadata("sns")).isSameAs(ours.serviceMetadata("sns"));
        assertThat(ServiceMetadata.of("dynamodb").signingRegion(Region.EU_WEST_2)).isEqualTo(Region.EU_WEST_2);
        assertThat(ServiceMetadata.of("dynamodb").getClass()).as("this module's class answers ServiceMetadata.of")
                .isSameAs(ours.serviceMetadata("dynamodb").getClass());
    }

    /** The SDK's own prefix-to-class table, from its class in the regions jar (a loader without this module's classes). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> sdkTable() throws Exception {
        Path ourClasses = Path.of(GeneratedServiceMetadataProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<URL> others = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank() && !Path.of(entry).toAbsolutePath().equals(ourClasses.toAbsolutePath())) {
                others.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader sdkOnly = new URLClassLoader(others.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> sdkClass = Class.forName("software.amazon.awssdk.regions.GeneratedServiceMetadataProvider", true, sdkOnly);
            assertThat(sdkClass.getProtectionDomain().getCodeSource().getLocation().getPath()).as("the SDK's class, not ours")
                    .contains("regions");
            Field field = sdkClass.getDeclaredField("SERVICE_METADATA");
            field.setAccessible(true);
            Map<String, Object> table = (Map<String, Object>) field.get(null);
            return table.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getClass().getName(),
                    (a, b) -> a, TreeMap::new));
        }
    }

    private static String cases(Map<String, String> sdk) {
        return sdk.entrySet().stream()
                .map(e -> "            case \"" + e.getKey() + "\" -> new " + e.getValue().substring(e.getValue().lastIndexOf('.') + 1) + "();")
                .collect(Collectors.joining("\n"));
    }
}
