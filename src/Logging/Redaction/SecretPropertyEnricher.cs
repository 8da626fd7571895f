using Serilog.Core;
using Serilog.Events;

namespace Release.Logging.Redaction;

/// <summary>
/// Masks properties that are secrets by name (a <c>Circle-Token</c> header, an <c>ApiKey</c>
/// field of a destructured object) at any depth, and scalar values that contain a known secret.
/// Runs before every sink, so even a sink without <see cref="RedactingFormatter"/> gets clean events.
/// </summary>
public sealed class SecretPropertyEnricher(SecretRedactor redactor) : ILogEventEnricher
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.Ordinal)
    {
        "token", "circletoken", "circlecitoken", "apikey", "temporalapikey", "authorization",
        "password", "secret", "accesstoken", "clientprivatekey", "clientkeydata",
    };

    private static readonly ScalarValue Masked = new(SecretRedactor.Mask);

    public static bool IsSecretName(string name) =>
        SecretNames.Contains(new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant());

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var clean = IsSecretName(name) ? Masked : Clean(value);
            if (!ReferenceEquals(clean, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, clean));
            }
        }
    }

    // Each returns the same instance when nothing changed, so clean events are not copied.
    private LogEventPropertyValue Clean(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string text } when redactor.Contains(text) => new ScalarValue(redactor.Redact(text)),
        StructureValue structure => CleanStructure(structure),
        DictionaryValue dictionary => CleanDictionary(dictionary),
        SequenceValue sequence => CleanSequence(sequence),
        _ => value,
    };

    private StructureValue CleanStructure(StructureValue structure)
    {
        var properties = structure.Properties
            .Select(p => IsSecretName(p.Name) ? new LogEventProperty(p.Name, Masked) : WithValue(p, Clean(p.Value)))
            .ToList();
        return properties.Zip(structure.Properties).All(pair => ReferenceEquals(pair.First, pair.Second))
            ? structure
            : new StructureValue(properties, structure.TypeTag);
    }

    private DictionaryValue CleanDictionary(DictionaryValue dictionary)
    {
        var changed = false;
        var elements = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>();
        foreach (var (key, element) in dictionary.Elements)
        {
            var clean = key.Value is string name && IsSecretName(name) ? Masked : Clean(element);
            changed |= !ReferenceEquals(clean, element);
            elements.Add(new(key, clean));
        }

        return changed ? new DictionaryValue(elements) : dictionary;
    }

    private SequenceValue CleanSequence(SequenceValue sequence)
    {
        var elements = sequence.Elements.Select(Clean).ToList();
        return elements.Zip(sequence.Elements).All(pair => ReferenceEquals(pair.First, pair.Second))
            ? sequence
            : new SequenceValue(elements);
    }

    private static LogEventProperty WithValue(LogEventProperty property, LogEventPropertyValue value) =>
        ReferenceEquals(value, property.Value) ? property : new LogEventProperty(property.Name, value);
}
