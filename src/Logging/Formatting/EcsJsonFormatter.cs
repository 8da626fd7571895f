using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging.Formatting;

/// <summary>
/// One JSON object per line in Elastic Common Schema shape (the ecs-logging layout: dotted
/// top-level keys, <c>@timestamp</c>, <c>log.level</c> and <c>message</c> first). Other event
/// properties go under <c>properties</c>; a <see cref="DocumentProperty"/> (the stage report) goes
/// as a nested object under its own field.
/// </summary>
public sealed class EcsJsonFormatter : ITextFormatter
{
    /// <summary>The ECS version the field names follow.</summary>
    public const string EcsVersion = "8.11.0";

    // Relaxed escaping keeps messages readable (Ctrl+C, not Ctrl\u002BC); these lines are never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly LogSettings settings;
    private readonly IReadOnlyCollection<DocumentProperty> documents;
    private readonly string hostName = Environment.MachineName;
    private readonly int processId = Environment.ProcessId;

    public EcsJsonFormatter(LogSettings settings, IReadOnlyCollection<DocumentProperty>? documents = null)
    {
        this.settings = settings;
        this.documents = documents ?? [DocumentProperty.StageReport];
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(json, logEvent);
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    private void Write(Utf8JsonWriter json, LogEvent logEvent)
    {
        var document = documents.FirstOrDefault(d => logEvent.Properties.ContainsKey(d.PropertyName));
        json.WriteStartObject();
        json.WriteString("@timestamp", logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteString("log.level", Level(logEvent.Level));
        json.WriteString("message", MessageRenderer.Render(logEvent, documents));
        json.WriteString("ecs.version", EcsVersion);
        json.WriteString("service.name", settings.ServiceName);
        json.WriteString("event.kind", "event");
        json.WriteString("event.dataset", document?.Dataset ?? settings.Dataset);
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string logger })
        {
            json.WriteString("log.logger", logger);
        }

        json.WriteString("host.name", hostName);
        json.WriteNumber("process.pid", processId);
        if (logEvent.Exception is { } exception)
        {
            json.WriteString("error.type", exception.GetType().FullName);
            json.WriteString("error.message", exception.Message);
            json.WriteString("error.stack_trace", exception.ToString());
        }

        if (document is not null)
        {
            WriteDocument(json, document, logEvent.Properties[document.PropertyName]);
        }

        var others = logEvent.Properties
            .Where(p => p.Key != "SourceContext" && !documents.Any(d => d.PropertyName == p.Key))
            .ToList();
        if (others.Count > 0)
        {
            json.WriteStartObject("properties");
            foreach (var (name, value) in others)
            {
                json.WritePropertyName(name);
                JsonPropertyWriter.Write(json, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteDocument(Utf8JsonWriter json, DocumentProperty document, LogEventPropertyValue value)
    {
        json.WriteString("event.action", document.Action);
        if (value is ScalarValue { Value: string text } && TryParse(text) is { } parsed)
        {
            using (parsed)
            {
                if (document.Outcome(parsed.RootElement) is { } outcome)
                {
                    json.WriteString("event.outcome", outcome);
                }

                json.WritePropertyName(document.Field);
                parsed.RootElement.WriteTo(json);
            }
        }
        else
        {
            json.WritePropertyName(document.Field);
            JsonPropertyWriter.Write(json, value);
        }
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "trace",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };
}
