using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Common;
using static DevServer.Tests.ScheduleTestSupport;

namespace DevServer.Tests;

/// <summary>ListSchedules and CountSchedules with a visibility query on TemporalSchedulePaused and a custom attribute.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ScheduleListTests(DevServerFixture server)
{
    private static readonly SearchAttributeKey<string> Owner = SearchAttributeKey.CreateKeyword("ScheduleOwner");

    [Fact]
    public async Task ListSchedules_QueryOnCustomAttributeAndPaused_ReturnsMatchingEntries()
    {
        await server.Client.Connection.OperatorService.AddSearchAttributesAsync(new()
        {
            Namespace = "default",
            SearchAttributes = { ["ScheduleOwner"] = IndexedValueType.Keyword },
        });
        var owner = $"owner-{Guid.NewGuid():N}";
        var attributes = new SearchAttributeCollection.Builder().Set(Owner, owner).ToSearchAttributeCollection();
        var paused = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(GreetingAction("list", "tq-none"), Yearly())
        {
            State = new ScheduleState { Paused = true, Note = "on hold" },
        }, new ScheduleOptions { TypedSearchAttributes = attributes, Memo = new Dictionary<string, object> { ["kind"] = "ci" } });
        var active = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(GreetingAction("list", "tq-none"), Yearly()),
            new ScheduleOptions { TypedSearchAttributes = attributes });
        var other = await server.Client.CreateScheduleAsync(NewScheduleId(), new Schedule(GreetingAction("list", "tq-none"), Yearly()));

        var owned = await ListAsync($"ScheduleOwner = '{owner}'");
        var pausedOnly = await ListAsync($"ScheduleOwner = '{owner}' AND TemporalSchedulePaused = true");

        Assert.Equal(new[] { paused.Id, active.Id }.Order(), owned.Select(s => s.Id).Order());
        var entry = Assert.Single(pausedOnly);
        Assert.Equal(paused.Id, entry.Id);
        Assert.True(entry.Schedule!.State.Paused);
        Assert.Equal("on hold", entry.Schedule.State.Note);
        Assert.Equal("ScheduledGreetingWorkflow", ((ScheduleListActionStartWorkflow)entry.Schedule.Action).Workflow);
        Assert.Equal(owner, entry.TypedSearchAttributes.Get(Owner));
        Assert.Equal("ci", await entry.Memo["kind"].ToValueAsync<string>());
        Assert.Equal(5, entry.Info!.NextActionTimes.Count);
        var count = await server.Client.WorkflowService.CountSchedulesAsync(new() { Namespace = "default", Query = $"ScheduleOwner = '{owner}'" });
        Assert.Equal(2, count.Count);
        Assert.Contains(await ListAsync(""), s => s.Id == other.Id);

        foreach (var handle in new[] { paused, active, other })
        {
            await handle.DeleteAsync();
        }
        Assert.Empty(await ListAsync($"ScheduleOwner = '{owner}'"));
    }

    [Fact]
    public async Task ListSchedules_BadQuery_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<Temporalio.Exceptions.RpcException>(() => ListAsync("NoSuchAttribute = 'x'"));

        Assert.Equal(Temporalio.Exceptions.RpcException.StatusCode.InvalidArgument, error.Code);
    }

    private async Task<List<ScheduleListDescription>> ListAsync(string query)
    {
        var list = new List<ScheduleListDescription>();
        await foreach (var schedule in server.Client.ListSchedulesAsync(new ScheduleListOptions { Query = query }))
        {
            list.Add(schedule);
        }
        return list;
    }
}
