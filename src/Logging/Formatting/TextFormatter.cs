using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging.Formatting;

/// <summary>
/// Console lines for people: <c>02:26:10 INF [ReleaseWorkerService] Connected to Temporal ...</c>,
/// the exception below when there is one.
/// </summary>
public sealed class TextFormatter(bool colors, IReadOnlyCollection<DocumentProperty>? documents = null) : ITextFormatter
{
    private const string Reset = "\u001b[0m";
    private const string Grey = "\u001b[90m";
    private readonly IReadOnlyCollection<DocumentProperty> documents = documents ?? [DocumentProperty.StageReport];

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var (abbreviation, color) = logEvent.Level switch
        {
            LogEventLevel.Verbose => ("VRB", Grey),
            LogEventLevel.Debug => ("DBG", Grey),
            LogEventLevel.Information => ("INF", "\u001b[36m"),
            LogEventLevel.Warning => ("WRN", "\u001b[33m"),
            LogEventLevel.Error => ("ERR", "\u001b[31m"),
            _ => ("FTL", "\u001b[1;31m"),
        };
        output.Write(logEvent.Timestamp.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        output.Write(' ');
        output.Write(colors ? $"{color}{abbreviation}{Reset}" : abbreviation);
        if (logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string context })
        {
            var shortName = context[(context.LastIndexOf('.') + 1)..];
            output.Write(colors ? $" {Grey}[{shortName}]{Reset}" : $" [{shortName}]");
        }

        output.Write(' ');
        output.Write(MessageRenderer.Render(logEvent, documents));
        output.Write('\n');
        if (logEvent.Exception is { } exception)
        {
            output.Write(exception.ToString());
            output.Write('\n');
        }
    }
}
