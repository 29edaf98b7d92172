package dev.fulcrum.db;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a partial update does to one field: keeps it as stored, sets it to a value, or clears it back to its default
 * (null). A JSON {@code PATCH} maps an absent field to {@link #keep()}, a value to {@link #set}, and {@code null} to
 * {@link #clear()}.
 */
public final class Change<T> {

    private static final Change<?> KEEP = new Change<>(false, null);
    private static final Change<?> CLEAR = new Change<>(true, null);

    private final boolean changes;
    private final T value;

    private Change(boolean changes, T value) {
        this.changes = changes;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> keep() {
        return (Change<T>) KEEP;
    }

    public static <T> Change<T> set(T value) {
        return new Change<>(true, Objects.requireNonNull(value, "value"));
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> clear() {
        return (Change<T>) CLEAR;
    }

    /** {@link #set} for a value, {@link #clear()} for null. */
    public static <T> Change<T> setOrClear(T value) {
        return value == null ? clear() : set(value);
    }

    /** Whether the field is left as it is. */
    public boolean isKeep() {
        return !changes;
    }

    /** Whether the field is set to exactly this value. */
    public boolean isSetTo(T expected) {
        return changes && value != null && value.equals(expected);
    }

    /** The field's value after the change, given its value before. */
    public T applyTo(T current) {
        return changes ? value : current;
    }

    /** The same change to a field of another type, the value converted by {@code convert}. */
    public <R> Change<R> map(Function<? super T, ? extends R> convert) {
        if (!changes) {
            return keep();
        }
        return value == null ? clear() : set(convert.apply(value));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Change<?> change && change.changes == changes && Objects.equals(change.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(changes, value);
    }

    @Override
    public String toString() {
        return !changes ? "keep" : value == null ? "clear" : "set " + value;
    }
}
