namespace Release.Activities.CircleCi;

/// <summary>One field of an answer that could not be read, e.g. <c>items[2].created_at</c> "should be a date, found 12".</summary>
internal sealed record AnswerIssue(string Field, string Problem)
{
    public override string ToString() => $"{Field} {Problem}";
}
