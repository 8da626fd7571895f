using Release.Starter.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: let the command stop cleanly (a --wait detaches); a second one kills as usual.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
return await ReleaseCli.RunAsync(args, CliConsole.ForProcess(), interrupt.Token);
