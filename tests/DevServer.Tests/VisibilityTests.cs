using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>List, count and search attributes through the SDK client, as the web UI and operators use them.</summary>
[Collection(DevServerCollection.Name)]
public sealed class VisibilityTests(DevServerFixture server)
{
    internal static readonly SearchAttributeKey<string> Keyword = SearchAttributeKey.CreateKeyword("VisKeyword");
    internal static readonly SearchAttributeKey<long> Int = SearchAttributeKey.CreateLong("VisInt");
    internal static readonly SearchAttributeKey<double> Double = SearchAttributeKey.CreateDouble("VisDouble");
    internal static readonly SearchAttributeKey<bool> Bool = SearchAttributeKey.CreateBool("VisBool");
    internal static readonly SearchAttributeKey<DateTimeOffset> Datetime = SearchAttributeKey.CreateDateTimeOffset("VisDatetime");
    internal static readonly SearchAttributeKey<string> Text = SearchAttributeKey.CreateText("VisText");
    internal static readonly SearchAttributeKey<IReadOnlyCollection<string>> KeywordList = SearchAttributeKey.CreateKeywordList("VisKeywordList");

    /// <summary>Registering is idempotent, so every test may do it (tests share the server).</summary>
    private Task RegisterAsync() => server.Client.Connection.OperatorService.AddSearchAttributesAsync(new AddSearchAttributesRequest
    {
        Namespace = "default",
        SearchAttributes =
        {
            [Keyword.Name] = IndexedValueType.Keyword,
            [Int.Name] = IndexedValueType.Int,
            [Double.Name] = IndexedValueType.Double,
            [Bool.Name] = IndexedValueType.Bool,
            [Datetime.Name] = IndexedValueType.Datetime,
            [Text.Name] = IndexedValueType.Text,
            [KeywordList.Name] = IndexedValueType.KeywordList,
        },
    });

    private Task<WorkflowHandle<WaitForSignalWorkflow, List<string>>> StartAsync(string id, SearchAttributeCollection attributes) =>
        server.Client.StartWorkflowAsync((WaitForSignalWorkflow wf) => wf.RunAsync(1),
            new(id, DevServerFixture.NewTaskQueue()) { TypedSearchAttributes = attributes });

    private static SearchAttributeCollection Attributes(string tag, long number, params string[] labels) => new SearchAttributeCollection.Builder()
        .Set(Keyword, tag).Set(Int, number).Set(Double, number / 2.0).Set(Bool, number % 2 == 0)
        .Set(Datetime, new DateTimeOffset(2024, 1, (int)number, 0, 0, 0, TimeSpan.Zero))
        .Set(Text, $"release number {number}").Set(KeywordList, labels)
        .ToSearchAttributeCollection();

    private async Task<List<string>> ListIdsAsync(string query)
    {
        var ids = new List<string>();
        await foreach (var workflow in server.Client.ListWorkflowsAsync(query))
        {
            ids.Add(workflow.Id);
        }
        return ids;
    }

    [Fact]
    public async Task ListWorkflows_EveryAttributeType_FiltersSortsAndRoundTrips()
    {
        await RegisterAsync();
        var tag = Guid.NewGuid().ToString("N");
        var ids = Enumerable.Range(1, 3).Select(i => $"vis-{i}-{tag}").ToArray();
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(ids[i], Attributes(tag, i + 1, "all", $"n{i + 1}"));
        }

        Assert.Equal(ids.Reverse(), await ListIdsAsync($"VisKeyword = '{tag}'"));
        Assert.Equal(ids, await ListIdsAsync($"VisKeyword = '{tag}' ORDER BY VisInt ASC"));
        Assert.Equal([ids[1], ids[2]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisInt >= 2 ORDER BY VisInt"));
        Assert.Equal([ids[0]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisDouble < 1"));
        Assert.Equal([ids[1]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisBool = true"));
        Assert.Equal([ids[2]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisDatetime > '2024-01-02T12:00:00Z'"));
        Assert.Equal([ids[0]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisText = 'RELEASE' AND VisText = '1'"));
        Assert.Equal([ids[2], ids[1]], await ListIdsAsync($"VisKeyword = '{tag}' AND VisKeywordList IN ('n2', 'n3')"));
        Assert.Equal(3, (await ListIdsAsync($"VisKeyword = '{tag}' AND VisKeywordList = 'all' AND ExecutionStatus = 'Running'")).Count);
        Assert.Equal([ids[0]], await ListIdsAsync($"WorkflowId STARTS_WITH 'vis-1-{tag}' AND CloseTime IS NULL"));

        await foreach (var workflow in server.Client.ListWorkflowsAsync($"WorkflowId = '{ids[1]}'"))
        {
            Assert.Equal("WaitForSignalWorkflow", workflow.WorkflowType);
            Assert.Equal(2L, workflow.TypedSearchAttributes.Get(Int));
            Assert.Equal(["all", "n2"], workflow.TypedSearchAttributes.Get(KeywordList));
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), workflow.TypedSearchAttributes.Get(Datetime));
        }
    }

    [Fact]
    public async Task CountWorkflows_WithGroupByExecutionStatus_AnswersGroups()
    {
        await RegisterAsync();
        var tag = Guid.NewGuid().ToString("N");
        var handles = new List<WorkflowHandle<WaitForSignalWorkflow, List<string>>>();
        for (var i = 1; i <= 3; i++)
        {
            handles.Add(await StartAsync($"count-{i}-{tag}", Attributes(tag, i)));
        }
        await handles[0].TerminateAsync("done with it");

        Assert.Equal(3, (await server.Client.CountWorkflowsAsync($"VisKeyword = '{tag}'")).Count);
        var grouped = await server.Client.CountWorkflowsAsync($"VisKeyword = '{tag}' GROUP BY ExecutionStatus");
        Assert.Equal(3, grouped.Count);
        var groups = grouped.Groups.ToDictionary(g => (string)g.GroupValues.Single(), g => g.Count);
        Assert.Equal(new Dictionary<string, long> { ["Running"] = 2, ["Terminated"] = 1 }, groups);
    }

    [Fact]
    public async Task ListWorkflowsPaginated_PageSizeTwo_WalksAllPages()
    {
        await RegisterAsync();
        var tag = Guid.NewGuid().ToString("N");
        for (var i = 1; i <= 5; i++)
        {
            await StartAsync($"page-{i}-{tag}", Attributes(tag, i));
        }
        var seen = new List<string>();
        byte[]? token = null;
        var pages = 0;
        do
        {
            var page = await server.Client.ListWorkflowsPaginatedAsync($"VisKeyword = '{tag}'", token, new() { PageSize = 2 });
            seen.AddRange(page.Workflows.Select(w => w.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token is { Length: > 0 });
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 5).Reverse().Select(i => $"page-{i}-{tag}"), seen);

        var scanned = await server.Client.WorkflowService.ScanWorkflowExecutionsAsync(
            new() { Namespace = "default", Query = $"VisKeyword = '{tag}'", PageSize = 10 });
        Assert.Equal(5, scanned.Executions.Count);
        Assert.True(scanned.NextPageToken.IsEmpty);
    }

    [Fact]
    public async Task UpsertFromWorkflow_SearchAttributesAndMemo_BecomeQueryableAndDescribed()
    {
        await RegisterAsync();
        var tag = Guid.NewGuid().ToString("N");
        using var worker = server.NewWorker(o => o.AddWorkflow<UpsertingWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((UpsertingWorkflow wf) => wf.RunAsync(tag),
                new(DevServerFixture.NewWorkflowId("upsert"), worker.Options.TaskQueue!));
            await WaitUntilAsync(async () => (await ListIdsAsync($"VisKeyword = 'upserted-{tag}' AND VisInt = 42")).Count == 1);
            var description = await handle.DescribeAsync();
            Assert.Equal("upserted", await description.Memo["stage"].ToValueAsync<string>());
            await handle.SignalAsync(wf => wf.FinishAsync());
            await handle.GetResultAsync();
            await foreach (var listed in server.Client.ListWorkflowsAsync($"VisKeyword = 'upserted-{tag}' AND ExecutionStatus = 'Completed'"))
            {
                Assert.Equal("upserted", await listed.Memo["stage"].ToValueAsync<string>());
                Assert.Equal(42L, listed.TypedSearchAttributes.Get(Int));
            }
            Assert.Single(await ListIdsAsync($"VisKeyword = 'upserted-{tag}' AND ExecutionStatus = 'Completed'"));
        });
    }

    [Fact]
    public async Task ListWorkflows_MalformedQuery_InvalidArgumentWithPosition()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ListIdsAsync("ExecutionStatus = "));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        if (server.IsEmbedded)
        {
            // The real server words parse errors its own way; the code is what clients rely on.
            Assert.Equal("invalid query: expected a value after '=' at position 19", error.Message);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => server.Client.CountWorkflowsAsync("NoSuchAttribute = 'x'"));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, unknown.Code);
        Assert.Contains("invalid search attribute: NoSuchAttribute", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_UnregisteredOrIllTypedAttribute_IsRejected()
    {
        await RegisterAsync();
        var unknown = await Assert.ThrowsAsync<RpcException>(() => StartAsync(DevServerFixture.NewWorkflowId(),
            new SearchAttributeCollection.Builder().Set(SearchAttributeKey.CreateKeyword("NeverRegistered"), "x").ToSearchAttributeCollection()));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, unknown.Code);
        Assert.Equal("search attribute NeverRegistered is not defined", unknown.Message);

        var wrongType = await Assert.ThrowsAsync<RpcException>(() => StartAsync(DevServerFixture.NewWorkflowId(),
            new SearchAttributeCollection.Builder().Set(SearchAttributeKey.CreateKeyword(Int.Name), "forty-two").ToSearchAttributeCollection()));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, wrongType.Code);
        Assert.Contains("is not a valid value for search attribute VisInt of type Int", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertFromWorkflow_UnregisteredAttribute_FailsTheWorkflowTask()
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<UpsertingUnknownWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync((UpsertingUnknownWorkflow wf) => wf.RunAsync(),
                new(DevServerFixture.NewWorkflowId("upsert-unknown"), worker.Options.TaskQueue!));
            Temporalio.Api.History.V1.HistoryEvent? failed = null;
            await WaitUntilAsync(async () =>
            {
                var history = await handle.FetchHistoryAsync();
                failed = history.Events.FirstOrDefault(e => e.EventType == EventType.WorkflowTaskFailed);
                return failed is not null;
            });
            Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, failed!.WorkflowTaskFailedEventAttributes.Cause);
            Assert.Equal("search attribute NeverRegisteredUpsert is not defined", failed.WorkflowTaskFailedEventAttributes.Failure.Message);
            await handle.TerminateAsync("test over");
        });
    }

    [Fact]
    public async Task OperatorService_ListAndRemove_ManageTheRegistry()
    {
        await RegisterAsync();
        var legacy = await server.Client.WorkflowService.GetSearchAttributesAsync(new());
        Assert.Equal(IndexedValueType.KeywordList, legacy.Keys[KeywordList.Name]);
        var operators = server.Client.Connection.OperatorService;
        var name = "VisTemp" + Guid.NewGuid().ToString("N")[..8];
        await operators.AddSearchAttributesAsync(new() { Namespace = "default", SearchAttributes = { [name] = IndexedValueType.Keyword } });
        var listed = await operators.ListSearchAttributesAsync(new() { Namespace = "default" });
        Assert.Equal(IndexedValueType.Keyword, listed.CustomAttributes[name]);
        Assert.Equal(IndexedValueType.Datetime, listed.SystemAttributes["StartTime"]);

        await operators.RemoveSearchAttributesAsync(new() { Namespace = "default", SearchAttributes = { name } });
        Assert.DoesNotContain(name, (await operators.ListSearchAttributesAsync(new() { Namespace = "default" })).CustomAttributes.Keys);
        var missing = await Assert.ThrowsAsync<RpcException>(() => operators.RemoveSearchAttributesAsync(new() { Namespace = "default", SearchAttributes = { name } }));
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
        var reserved = await Assert.ThrowsAsync<RpcException>(() => operators.AddSearchAttributesAsync(
            new() { Namespace = "default", SearchAttributes = { ["WorkflowId"] = IndexedValueType.Keyword } }));
        Assert.Equal("Search attribute WorkflowId is reserved by system.", reserved.Message);
        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => operators.ListClustersAsync(new()));
        Assert.Equal(RpcException.StatusCode.Unimplemented, unimplemented.Code);
    }

    [Fact]
    public async Task ListOpenAndClosed_LegacyCalls_FilterByWorkflowId()
    {
        var service = server.Client.WorkflowService;
        var before = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1));
        var open = await StartAsync(DevServerFixture.NewWorkflowId("legacy-open"), SearchAttributeCollection.Empty);
        var closed = await StartAsync(DevServerFixture.NewWorkflowId("legacy-closed"), SearchAttributeCollection.Empty);
        await closed.TerminateAsync("closing");

        var openList = await service.ListOpenWorkflowExecutionsAsync(new()
        {
            Namespace = "default",
            ExecutionFilter = new() { WorkflowId = open.Id },
        });
        Assert.Equal(open.Id, Assert.Single(openList.Executions).Execution.WorkflowId);
        var closedList = await service.ListClosedWorkflowExecutionsAsync(new()
        {
            Namespace = "default",
            ExecutionFilter = new() { WorkflowId = closed.Id },
        });
        Assert.Equal(WorkflowExecutionStatus.Terminated, Assert.Single(closedList.Executions).Status);
        // The filters are a oneof: by status, then narrowed by start time to this test's runs.
        var byStatus = await service.ListClosedWorkflowExecutionsAsync(new()
        {
            Namespace = "default",
            StatusFilter = new() { Status = WorkflowExecutionStatus.Terminated },
            StartTimeFilter = new() { EarliestTime = before },
        });
        Assert.Contains(closed.Id, byStatus.Executions.Select(e => e.Execution.WorkflowId));
        Assert.DoesNotContain(open.Id, byStatus.Executions.Select(e => e.Execution.WorkflowId));
        Assert.Empty((await service.ListOpenWorkflowExecutionsAsync(new()
        {
            Namespace = "default",
            ExecutionFilter = new() { WorkflowId = closed.Id },
        })).Executions);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
