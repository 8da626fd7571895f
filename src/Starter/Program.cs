using System.Runtime.InteropServices;
using Release.Starter.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C: let the command stop cleanly (a --wait detaches); a second one kills as usual.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

// SIGTERM (kill, systemd, a CI runner's timeout) ends a command as Ctrl+C does. Without this, the
// embedded demo stack's own hosts take the signal, stop, and leave `demo --keep` waiting forever.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
});
return await ReleaseCli.RunAsync(args, CliConsole.ForProcess(), interrupt.Token);
