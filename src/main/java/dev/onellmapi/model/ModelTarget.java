package dev.onellmapi.model;

/**
 * Where one requested model goes: the provider's type, the name the client asked for, the name sent upstream (for
 * a model on placements: its name there, e.g. an Azure deployment), the placement that serves it when its provider
 * has several, the provider instance (its base, keys and headers travel with the call) and the model's name once an
 * alias and a {@code <provider>/} prefix are gone.
 */
public record ModelTarget(ProviderType provider, String requested, String upstreamModel, Placement placement,
                          ProviderInstance instance, String model) {
    /** A target without an instance (tests of the validation, which never call out). */
    public ModelTarget(ProviderType provider, String requested, String upstreamModel, Placement placement) {
        this(provider, requested, upstreamModel, placement, null, requested.startsWith(provider.id() + "/")
                ? requested.substring(provider.id().length() + 1) : requested);
    }

    /** The provider's name ({@code openai}, {@code groq}, ...), as messages and breakers name it. */
    public String getProvider() {
        return instance == null ? provider.id() : instance.name();
    }

    /** The same model on another placement that serves it; its name there may differ. */
    public ModelTarget on(Placement other) {
        return new ModelTarget(provider, requested, other.models().get(model), other, instance, model);
    }
}
