namespace Release.CircleCiSimulator;

/// <summary>
/// A host lifetime that ignores process signals. An embedded simulator must not stop because its
/// test process got Ctrl+C, and the command line wires Ctrl+C and SIGTERM itself (through
/// System.CommandLine's cancellation), so the default console lifetime would only get in the way.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
