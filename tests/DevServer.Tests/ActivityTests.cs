using Temporalio.Activities;
using Temporalio.Client;
using Temporalio.Workflows;

namespace DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class ActivityTests(DevServerFixture server)
{
    [Workflow]
    public sealed class GreetWorkflow
    {
        [WorkflowRun]
        public Task<string> RunAsync(string name) =>
            Workflow.ExecuteActivityAsync((GreetActivities a) => a.Greet(name), new() { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
    }

    public sealed class GreetActivities
    {
        [Activity]
        public string Greet(string name) => $"Hello, {name}!";
    }

    [Fact]
    public async Task ExecuteActivity_Completes_ReturnsActivityResult()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<GreetWorkflow>().AddAllActivities(new GreetActivities()));
        await worker.ExecuteAsync(async () =>
        {
            var result = await server.Client.ExecuteWorkflowAsync(
                (GreetWorkflow wf) => wf.RunAsync("Temporal"),
                new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!));
            Assert.Equal("Hello, Temporal!", result);
        });
    }
}
