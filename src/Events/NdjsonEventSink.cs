using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace Release.Events;

/// <summary>
/// Appends CloudEvents to a file, one structured-mode JSON document per line: the transport when no broker
/// is configured. Each line goes out in one append-mode write under a lock shared by every sink of the
/// same file in this process, so two writers never interleave or tear a line.
/// </summary>
public sealed class NdjsonEventSink : IEventSink
{
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    private readonly SemaphoreSlim gate;

    public NdjsonEventSink(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        gate = Locks.GetOrAdd(Path, _ => new SemaphoreSlim(1, 1));
    }

    public string Path { get; }

    /// <summary>The product is not needed: every release's events go to the one file.</summary>
    public Task PublishAsync(string product, IEnumerable<CloudEvent> events, CancellationToken cancellationToken = default) =>
        AppendAsync(events, cancellationToken);

    public string Describe() => $"the file {Path}";

    public async Task AppendAsync(IEnumerable<CloudEvent> events, CancellationToken cancellationToken = default)
    {
        foreach (var cloudEvent in events)
        {
            await AppendAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AppendAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        var line = Line(cloudEvent);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Cancellation is honoured while waiting only: a line once started is written whole.
            await using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            await file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every event of an NDJSON event file, in order; a torn last line (a crash mid-write) is left out.</summary>
    public static async Task<IReadOnlyList<CloudEvent>> ReadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        var events = new List<CloudEvent>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                events.Add(Formatter.DecodeStructuredModeMessage(System.Text.Encoding.UTF8.GetBytes(lines[i]), null, null));
            }
            catch (Exception e) when (i == lines.Length - 1 && e is ArgumentException or System.Text.Json.JsonException)
            {
                break;
            }
        }

        return events;
    }

    private static byte[] Line(CloudEvent cloudEvent)
    {
        // Compact JSON escapes newlines inside strings, so the only newline is the one ending the line.
        var json = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        var line = new byte[json.Length + 1];
        json.Span.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }
}
