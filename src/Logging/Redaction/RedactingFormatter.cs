using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging.Redaction;

/// <summary>
/// The last line of defence: whatever the event holds (template text, properties, exception), the
/// rendered output passes through <see cref="SecretRedactor"/> before any sink writes it.
/// </summary>
public sealed class RedactingFormatter(ITextFormatter inner, SecretRedactor redactor) : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (redactor.IsEmpty)
        {
            inner.Format(logEvent, output);
            return;
        }

        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(redactor.Redact(buffer.ToString()));
    }
}
