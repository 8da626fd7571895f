namespace Release.Analytics.Stats;

public static class CostSourceLabel
{
    /// <summary>The word every output uses: "insights" or "estimated".</summary>
    public static string Label(this CostSource source) => source == CostSource.Insights ? "insights" : "estimated";
}
