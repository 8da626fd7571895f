using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>
/// A command line still running in the test's process, whose output can be read while it runs
/// (to wait for a line) and which Ctrl+C (<see cref="InterruptAsync"/>) can stop.
/// </summary>
public sealed class RunningCli : IDisposable
{
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private readonly TextWriter syncOutput;
    private readonly TextWriter syncError;
    private readonly CancellationTokenSource interrupt = new();
    private readonly Task<int> run;

    public RunningCli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        syncOutput = TextWriter.Synchronized(output);
        syncError = TextWriter.Synchronized(error);
        var console = CliConsole.ForWriters(syncOutput, syncError, name => environment.GetValueOrDefault(name), variableNames: environment.Keys.ToList());
        run = Task.Run(() => ReleaseCli.RunAsync(args, console, interrupt.Token));
    }

    public string Out
    {
        get
        {
            lock (syncOutput)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (syncError)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Waits until stdout or stderr holds <paramref name="text"/>; fails with both after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!Out.Contains(text, StringComparison.Ordinal) && !Error.Contains(text, StringComparison.Ordinal))
        {
            if (run.IsCompleted || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"never printed '{text}'{(run.IsCompleted ? $" (exited {await run})" : "")}\nstdout:\n{Out}\nstderr:\n{Error}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Ctrl+C, then the result.</summary>
    public async Task<CliResult> InterruptAsync()
    {
        await interrupt.CancelAsync();
        return await ResultAsync();
    }

    public async Task<CliResult> ResultAsync() => new(await run.WaitAsync(TimeSpan.FromMinutes(3)), Out, Error);

    public void Dispose()
    {
        interrupt.Cancel();
        interrupt.Dispose();
    }
}
