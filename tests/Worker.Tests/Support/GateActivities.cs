using System.Collections.Concurrent;
using Temporalio.Activities;

namespace Worker.Tests.Support;

/// <summary>An activity that blocks until the test opens the gate for its name (open by default).</summary>
public sealed class GateActivities
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new();

    public ConcurrentDictionary<string, bool> Started { get; } = new();

    public void Close(string name) => gates[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open(string name) => gates[name].TrySetResult();

    [Activity]
    public async Task<string> PassAsync(string name)
    {
        Started[name] = true;
        if (gates.TryGetValue(name, out var gate))
        {
            // Deliberately ignores the worker-shutdown token: a graceful stop must wait for this.
            await gate.Task.WaitAsync(ActivityExecutionContext.Current.CancellationToken);
        }

        return $"passed {name}";
    }
}
