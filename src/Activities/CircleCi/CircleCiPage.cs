using System.Text.Json.Serialization;

namespace Release.Activities.CircleCi;

/// <summary>
/// One page of a CircleCI list; a null or empty <see cref="NextPageToken"/> means the last page.
/// <see cref="Items"/> is required (a body without it is no page), but an item that cannot be read
/// is left out of it rather than failing the page.
/// </summary>
public sealed record CircleCiPage<T>
{
    [JsonRequired]
    public IReadOnlyList<T> Items { get; init; } = [];

    public string? NextPageToken { get; init; }
}
