namespace Release.DevServer.Visibility;

/// <summary>Ordering, pages and counts of the records a compiled filter selects.</summary>
internal static class VisibilityPager
{
    /// <summary>The real server's page size when a request gives none.</summary>
    public const int DefaultPageSize = 1000;

    /// <summary>The records in the query's order: its ORDER BY terms, else StartTime descending; RunId breaks ties.</summary>
    public static List<VisibilityRecord> Select(IEnumerable<VisibilityRecord> records, CompiledQuery query)
    {
        var keys = SortKeys(query);
        var selected = records.Where(query.Filter).ToList();
        selected.Sort((a, b) => Compare(keys, a.RunId, i => a.Get(keys[i].Name), b.RunId, i => b.Get(keys[i].Name)));
        return selected;
    }

    /// <summary>One page and the token for the next (empty after the last page).</summary>
    public static (List<VisibilityRecord> Page, byte[] NextPageToken) Page(
        IEnumerable<VisibilityRecord> records, CompiledQuery query, int pageSize, ReadOnlySpan<byte> pageToken)
    {
        var keys = SortKeys(query);
        var size = pageSize > 0 ? pageSize : DefaultPageSize;
        IEnumerable<VisibilityRecord> ordered = Select(records, query);
        if (!pageToken.IsEmpty)
        {
            var after = PageToken.Decode(pageToken);
            if (after.Values.Count != keys.Count)
            {
                throw new ArgumentException("Invalid NextPageToken: it was made for a query with another ORDER BY.");
            }
            ordered = ordered.SkipWhile(r => Compare(keys, r.RunId, i => r.Get(keys[i].Name), after.RunId, i => after.Values[i]) <= 0);
        }
        var page = ordered.Take(size + 1).ToList();
        if (page.Count <= size)
        {
            return (page, []);
        }
        page.RemoveAt(size);
        return (page, PageToken.After(page[^1], keys).Encode());
    }

    private static List<SortKey> SortKeys(CompiledQuery query) =>
        query.OrderBy.Count > 0 ? query.OrderBy.ToList() : [new SortKey("StartTime", Descending: true)];

    /// <summary>Compares two sort keys given as the i-th ORDER BY value of each side, then their RunIds.</summary>
    private static int Compare(List<SortKey> keys, string runA, Func<int, object?> a, string runB, Func<int, object?> b)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            var order = ValueOrder.CompareForSort(a(i), b(i), keys[i].Descending);
            if (order != 0)
            {
                return order;
            }
        }
        return string.CompareOrdinal(runA, runB);
    }

    /// <summary>Counts per ExecutionStatus, largest group first (the real server's aggregation order).</summary>
    public static List<(string Value, long Count)> CountByGroup(IEnumerable<VisibilityRecord> records, CompiledQuery query) =>
        records.Where(query.Filter)
            .GroupBy(r => r.ExecutionStatus)
            .Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(g => g.Item2)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
}
