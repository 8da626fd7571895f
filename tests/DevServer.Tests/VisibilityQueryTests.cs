using Release.DevServer.Visibility;
using Temporalio.Api.Enums.V1;

namespace DevServer.Tests;

/// <summary>The list filter language on its own: parser, evaluator, ordering, paging and counts over plain records.</summary>
public sealed class VisibilityQueryTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, IndexedValueType> Custom = new()
    {
        ["Env"] = IndexedValueType.Keyword,
        ["Notes"] = IndexedValueType.Text,
        ["Count"] = IndexedValueType.Int,
        ["Score"] = IndexedValueType.Double,
        ["Urgent"] = IndexedValueType.Bool,
        ["Due"] = IndexedValueType.Datetime,
        ["Tags"] = IndexedValueType.KeywordList,
    };

    private static readonly VisibilityRecord[] Records =
    [
        Make("a", "Running", 1, new() { ["Env"] = "prod", ["Count"] = 5L, ["Score"] = 1.5, ["Urgent"] = true, ["Tags"] = new List<string> { "x", "y" }, ["Notes"] = "Deploy the Release train", ["Due"] = T0.AddDays(1) }),
        Make("b", "Completed", 2, new() { ["Env"] = "staging", ["Count"] = 10L, ["Score"] = 2.5, ["Urgent"] = false, ["Tags"] = new List<string> { "y" }, ["Notes"] = "hotfix only", ["Due"] = T0.AddDays(3) }),
        Make("c", "Failed", 3, new() { ["Env"] = "prod-eu", ["Count"] = 1L }),
        Make("d", "Completed", 4, []),
    ];

    private static VisibilityRecord Make(string id, string status, int minutes, Dictionary<string, object> attributes) => new()
    {
        WorkflowId = "wf-" + id,
        RunId = "run-" + id,
        WorkflowType = id == "d" ? "Other" : "Deploy",
        TaskQueue = "tq",
        ExecutionStatus = status,
        StartTime = T0.AddMinutes(minutes),
        ExecutionTime = T0.AddMinutes(minutes),
        CloseTime = status == "Running" ? null : T0.AddMinutes(minutes + 10),
        HistoryLength = minutes * 10,
        Attributes = attributes,
    };

    private static string[] Ids(string query) =>
        VisibilityPager.Select(Records, QueryCompiler.Compile(query, Custom)).Select(r => r.WorkflowId[3..]).ToArray();

    [Theory]
    [InlineData("", "d,c,b,a")]
    [InlineData("WorkflowId = 'wf-a'", "a")]
    [InlineData("WorkflowId != 'wf-a'", "d,c,b")]
    [InlineData("HistoryLength > 20", "d,c")]
    [InlineData("HistoryLength >= 20", "d,c,b")]
    [InlineData("HistoryLength < 20", "a")]
    [InlineData("HistoryLength <= 20", "b,a")]
    [InlineData("WorkflowId IN ('wf-a', 'wf-c')", "c,a")]
    [InlineData("WorkflowId NOT IN ('wf-a', 'wf-c')", "d,b")]
    [InlineData("HistoryLength BETWEEN 20 AND 30", "c,b")]
    [InlineData("HistoryLength NOT BETWEEN 20 AND 30", "d,a")]
    [InlineData("Env STARTS_WITH 'prod'", "c,a")]
    [InlineData("Env NOT STARTS_WITH 'prod'", "d,b")]
    [InlineData("CloseTime IS NULL", "a")]
    [InlineData("CloseTime IS NOT NULL", "d,c,b")]
    [InlineData("Env = 'prod' OR Env = 'staging'", "b,a")]
    [InlineData("WorkflowType = 'Deploy' AND (Env = 'prod' OR ExecutionStatus = 'Failed')", "c,a")]
    [InlineData("NOT (ExecutionStatus = 'Completed')", "c,a")]
    [InlineData("ExecutionStatus = 'Completed' AND NOT WorkflowType = 'Other'", "b")]
    [InlineData("a.b = 1 OR WorkflowId = 'wf-a'", "")]
    public void Filter_Operators_SelectExpectedRecords(string query, string expected)
    {
        if (query.StartsWith("a.b", StringComparison.Ordinal))
        {
            Assert.Throws<VisibilityQueryException>(() => Ids(query));
            return;
        }
        Assert.Equal(expected, string.Join(",", Ids(query)));
    }

    [Theory]
    [InlineData("Env = 'prod'", "a")]
    [InlineData("Count > 4", "b,a")]
    [InlineData("Count = 10", "b")]
    [InlineData("Score >= 2", "b")]
    [InlineData("Score < 2.0", "a")]
    [InlineData("Count IN (1, 5)", "c,a")]
    [InlineData("Urgent = true", "a")]
    [InlineData("Urgent = FALSE", "b")]
    [InlineData("Due > '2024-01-02T12:00:00Z'", "b")]
    [InlineData("Due BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T00:00:00+00:00'", "a")]
    [InlineData("Tags = 'y'", "b,a")]
    [InlineData("Tags = 'x'", "a")]
    [InlineData("Tags != 'x'", "d,c,b")]
    [InlineData("Tags IN ('x', 'z')", "a")]
    [InlineData("Tags IS NULL", "d,c")]
    [InlineData("Notes = 'release'", "a")]
    [InlineData("Notes = 'RELEASE nothing'", "a")]
    [InlineData("Notes = 'hotfix'", "b")]
    [InlineData("Notes != 'hotfix'", "d,c,a")]
    [InlineData("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_FAILED'", "c")]
    [InlineData("ExecutionStatus = 2", "d,b")]
    [InlineData("ExecutionDuration = '10m'", "d,c,b")]
    [InlineData("ExecutionDuration > 0", "d,c,b")]
    [InlineData("StartTime >= '2024-01-01T00:03:00Z'", "d,c")]
    public void Filter_EachAttributeType_UsesItsSemantics(string query, string expected) =>
        Assert.Equal(expected, string.Join(",", Ids(query)));

    [Theory]
    [InlineData("ORDER BY StartTime", "a,b,c,d")]
    [InlineData("ORDER BY StartTime ASC", "a,b,c,d")]
    [InlineData("ORDER BY Count DESC", "b,a,c,d")]
    [InlineData("ORDER BY Count", "c,a,b,d")]
    [InlineData("WorkflowType = 'Deploy' ORDER BY ExecutionStatus, StartTime DESC", "b,c,a")]
    [InlineData("order by Env desc", "b,c,a,d")]
    public void OrderBy_SortsWithMissingValuesLast(string query, string expected) =>
        Assert.Equal(expected, string.Join(",", Ids(query)));

    [Theory]
    [InlineData("", 3, "d,c,b|a")]
    [InlineData("ORDER BY Count DESC", 1, "b|a|c|d")]
    [InlineData("ORDER BY Env, StartTime", 2, "a,c|b,d")]
    [InlineData("WorkflowType = 'Deploy'", 0, "c,b,a")]
    public void Page_WalksAllRecordsWithTokens(string query, int pageSize, string expectedPages)
    {
        var compiled = QueryCompiler.Compile(query, Custom);
        var pages = new List<string>();
        byte[] token = [];
        do
        {
            (var page, token) = VisibilityPager.Page(Records, compiled, pageSize, token);
            pages.Add(string.Join(",", page.Select(r => r.WorkflowId[3..])));
        }
        while (token.Length > 0);
        Assert.Equal(expectedPages, string.Join("|", pages));
    }

    [Fact]
    public void Page_RecordsAddedBetweenCalls_NeitherRepeatNorShiftThePage()
    {
        var compiled = QueryCompiler.Compile("", Custom);
        var (first, token) = VisibilityPager.Page(Records, compiled, 2, []);
        var newer = Make("e", "Running", 9, []);
        var (second, _) = VisibilityPager.Page([newer, .. Records], compiled, 2, token);
        Assert.Equal(["wf-d", "wf-c"], first.Select(r => r.WorkflowId));
        Assert.Equal(["wf-b", "wf-a"], second.Select(r => r.WorkflowId));
    }

    [Fact]
    public void Page_ForeignToken_IsRefused()
    {
        var compiled = QueryCompiler.Compile("", Custom);
        Assert.Throws<ArgumentException>(() => VisibilityPager.Page(Records, compiled, 3, "garbage"u8.ToArray()));
        var (_, token) = VisibilityPager.Page(Records, compiled, 1, []);
        Assert.Throws<ArgumentException>(() => VisibilityPager.Page(Records, QueryCompiler.Compile("ORDER BY Env, Count", Custom), 1, token));
    }

    [Fact]
    public void CountByGroup_GroupsByExecutionStatus()
    {
        var query = QueryCompiler.Compile("WorkflowId != 'none' GROUP BY ExecutionStatus", Custom);
        Assert.Equal("ExecutionStatus", query.GroupBy);
        var groups = VisibilityPager.CountByGroup(Records, query);
        Assert.Equal([("Completed", 2L), ("Failed", 1L), ("Running", 1L)], groups);
    }

    [Theory]
    [InlineData("ExecutionStatus =", "invalid query: expected a value after '=' at position 18")]
    [InlineData("ExecutionStatus='Running' AND", "invalid query: expected a search attribute name, found end of query at position 30")]
    [InlineData("WorkflowId = 'abc", "invalid query: unterminated string starting with ' at position 14")]
    [InlineData("(WorkflowId = 'a'", "invalid query: expected ')' to close the '(' at position 1, found end of query at position 18")]
    [InlineData("WorkflowId 'a'", "invalid query: expected an operator (=, !=, <, <=, >, >=, IN, BETWEEN, STARTS_WITH, IS) after 'WorkflowId', found the string 'a' at position 12")]
    [InlineData("WorkflowId = abc", "invalid query: expected a value after '=', found the name 'abc' (did you forget to quote it?) at position 14")]
    [InlineData("WorkflowId IN 'a'", "invalid query: expected '(' after 'IN', found the string 'a' at position 15")]
    [InlineData("HistoryLength BETWEEN 1 5", "invalid query: expected 'AND' between the two values of 'BETWEEN', found '5' at position 25")]
    [InlineData("CloseTime IS 5", "invalid query: expected 'NULL' or 'NOT NULL' after 'IS', found '5' at position 14")]
    [InlineData("WorkflowId = 'a' LIMIT 5", "invalid query: operation is not supported: 'LIMIT' clause at position 18")]
    [InlineData("WorkflowId = 'a' )", "invalid query: unexpected ')' at position 18")]
    [InlineData("WorkflowId # 'a'", "invalid query: unexpected character '#' at position 12")]
    [InlineData("Nope = 'a'", "invalid query: invalid search attribute: Nope at position 1")]
    [InlineData("Count = 'five'", "invalid query: invalid expression: invalid value type for search attribute Count of type Int: 'five' at position 9")]
    [InlineData("Due > 'yesterday'", "invalid query: invalid expression: unable to parse datetime 'yesterday' (expected RFC 3339, like 2024-01-02T15:04:05Z) at position 7")]
    [InlineData("Urgent = 'true'", "invalid query: invalid expression: invalid value type for search attribute Urgent of type Bool: 'true' at position 10")]
    [InlineData("Tags > 'a'", "invalid query: operation is not supported: operator '>' not allowed for search attribute Tags of type KeywordList at position 6")]
    [InlineData("Notes STARTS_WITH 'a'", "invalid query: operation is not supported: operator 'STARTS_WITH' not allowed for search attribute Notes of type Text at position 7")]
    [InlineData("Count STARTS_WITH 'a'", "invalid query: operation is not supported: operator 'STARTS_WITH' not allowed for search attribute Count of type Int at position 7")]
    [InlineData("Urgent BETWEEN true AND false", "invalid query: invalid expression: cannot do range condition on search attribute 'Urgent' of type Bool at position 1")]
    [InlineData("Notes = '  '", "invalid query: invalid expression: no tokens found filtering on Text type search attribute Notes at position 9")]
    [InlineData("ExecutionStatus = 'Sleeping'", "invalid query: invalid expression: invalid ExecutionStatus value 'Sleeping' (expected one of Running, Completed, Failed, Canceled, Terminated, ContinuedAsNew, TimedOut, Paused) at position 19")]
    [InlineData("ORDER BY Notes", "invalid query: operation is not supported: unable to sort by search attribute type Text at position 10")]
    [InlineData("GROUP BY WorkflowType", "invalid query: operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowType at position 10")]
    [InlineData("WorkflowId LIKE 'a%'", "invalid query: operation is not supported: 'LIKE' operator (use STARTS_WITH) at position 12")]
    public void Compile_MalformedQuery_NamesProblemAndPosition(string query, string message)
    {
        var error = Assert.Throws<VisibilityQueryException>(() => QueryCompiler.Compile(query, Custom));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Lexer_AcceptsBackticksDoubleQuotesEscapesAndNegativeNumbers()
    {
        Assert.Equal("a", string.Join(",", Ids("`Env` = \"prod\"")));
        Assert.Equal("", string.Join(",", Ids("Env = 'it''s'")));
        Assert.Equal("d,c,b,a", string.Join(",", Ids("HistoryLength > -1")));
        Assert.Equal("a", string.Join(",", Ids("Env <> 'prod-eu' AND Env != 'staging' AND Env IS NOT NULL")));
    }
}
