package dev.barron.backend;

import dev.barron.model.Precision;

/**
 * How to open a backend.
 *
 * @param precision the precision asked for, or null for the device's best (float64 where supported)
 * @param device    a device index or a case-insensitive part of its name, or null for the provider's default
 */
public record BackendOptions(Precision precision, String device) {

    public static BackendOptions defaults() {
        return new BackendOptions(null, null);
    }

    public static BackendOptions of(Precision precision) {
        return new BackendOptions(precision, null);
    }
}
