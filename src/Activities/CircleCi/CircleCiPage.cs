namespace Release.Activities.CircleCi;

/// <summary>One page of a CircleCI list; a null or empty <see cref="NextPageToken"/> means the last page.</summary>
public sealed record CircleCiPage<T>
{
    public IReadOnlyList<T> Items { get; init; } = [];

    public string? NextPageToken { get; init; }
}
