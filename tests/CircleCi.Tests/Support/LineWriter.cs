using System.Text;

namespace Release.CircleCi.Tests;

/// <summary>A TextWriter that keeps lines and lets a test wait for one, instead of sleeping.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly Lock gate = new();
    private readonly StringBuilder current = new();
    private readonly List<string> lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines, .. current.Length > 0 ? [current.ToString()] : Array.Empty<string>()];
            }
        }
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            if (value == '\n')
            {
                var line = current.ToString().TrimEnd('\r');
                current.Clear();
                lines.Add(line);
                foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
                {
                    waiter.Found.TrySetResult(line);
                    waiters.Remove(waiter);
                }
            }
            else
            {
                current.Append(value);
            }
        }
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        lock (gate)
        {
            if (lines.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, found));
            return found.Task;
        }
    }
}
