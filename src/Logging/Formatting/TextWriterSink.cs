using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging.Formatting;

/// <summary>Writes formatted events to a TextWriter (standard output, or a test's StringWriter).</summary>
internal sealed class TextWriterSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    private readonly Lock writeLock = new();

    public void Emit(LogEvent logEvent)
    {
        lock (writeLock)
        {
            formatter.Format(logEvent, output);
            output.Flush();
        }
    }
}
