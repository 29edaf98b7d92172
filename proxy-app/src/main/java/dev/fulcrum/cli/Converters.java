package dev.fulcrum.cli;

import dev.fulcrum.pool.Algorithm;
import dev.fulcrum.pool.BalancerSettings;
import dev.fulcrum.pool.HashOn;
import dev.fulcrum.values.BackendUrls;
import dev.fulcrum.values.ByteSizes;
import dev.fulcrum.values.Durations;
import dev.fulcrum.values.Ports;
import dev.fulcrum.proxy.TrustedProxies;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters, so that every bad value is rejected while parsing with a message naming the option. */
final class Converters {

    private Converters() {
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port number (" + Ports.RANGE + ")");
            }
            if (!Ports.isValid(port)) {
                throw new TypeConversionException("port " + port + " is outside " + Ports.RANGE);
            }
            return port;
        }
    }

    static final class DurationValue implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Durations.parse(value);
                if (d.isZero()) {
                    throw new TypeConversionException("'" + value + "' must be longer than zero");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size in bytes, 16KB, 10MB or 1GB; zero is refused, since every size limit needs room for something. */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long bytes = ByteSizes.parse(value);
                if (bytes == 0) {
                    throw new TypeConversionException("'" + value + "' must be larger than zero");
                }
                return bytes;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size as above, or {@code unlimited}. */
    static final class SizeOrUnlimited implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return "unlimited".equalsIgnoreCase(value.trim()) ? -1L : new Size().convert(value);
        }
    }

    static final class Cidrs implements ITypeConverter<TrustedProxies> {
        @Override
        public TrustedProxies convert(String value) {
            return parsed(() -> TrustedProxies.parse(value));
        }
    }

    static final class BackendUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            return parsed(() -> BackendUrls.parse(value));
        }
    }

    static final class AlgorithmName implements ITypeConverter<Algorithm> {
        @Override
        public Algorithm convert(String value) {
            return parsed(() -> Algorithm.parse(value.trim()));
        }
    }

    static final class HashKey implements ITypeConverter<HashOn> {
        @Override
        public HashOn convert(String value) {
            return parsed(() -> HashOn.parse(value.trim()));
        }
    }

    static final class CookieName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return parsed(() -> HashOn.checkToken(value.trim(), "cookie name"));
        }
    }

    /** A duration as {@link DurationValue}, within the slow-start window's bounds. */
    static final class SlowStart implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration slowStart = new DurationValue().convert(value);
            return parsed(() -> BalancerSettings.checkSlowStart(slowStart, "--slow-start"));
        }
    }

    /** What {@code parse} returns; its refusal becomes picocli's, which names the option in its message. */
    private static <T> T parsed(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
