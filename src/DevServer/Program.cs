using System.Runtime.InteropServices;
using Release.DevServer.Hosting;

// Serves until Ctrl+C or SIGTERM, then stops cleanly.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
return await DevServerCommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token);
