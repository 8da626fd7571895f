using System.Text;
using Release.Workflows.Manifest;
using Release.Workflows.Release;

namespace Release.Workflows.Tests.Release;

/// <summary>Search attribute values stay under a real cluster's 2 KB per value however long the name.</summary>
public class ReleaseSearchAttributesTests
{
    [Fact]
    public void ForStart_ShortNameAndVersion_KeptAsTheyAre()
    {
        var attributes = ReleaseSearchAttributes.ForStart(new ExecutionPlan("APIM", "3.5.0-SNAPSHOT", [], []));

        Assert.Equal("APIM", attributes.Get(ReleaseSearchAttributes.Name));
        Assert.Equal("3.5.0-SNAPSHOT", attributes.Get(ReleaseSearchAttributes.Version));
    }

    [Fact]
    public void ForStart_LongMultiByteName_CutOnACharacterBoundaryWithinTheLimit()
    {
        // "é" is two bytes and "😀" four: a cut in the middle of either would be invalid UTF-8.
        var name = string.Concat(Enumerable.Repeat("é😀a", 2000));

        var value = ReleaseSearchAttributes.ForStart(new ExecutionPlan(name, new string('9', 5000), [], [])).Get(ReleaseSearchAttributes.Name);

        Assert.InRange(Encoding.UTF8.GetByteCount(value), ReleaseSearchAttributes.MaxKeywordBytes - 3, ReleaseSearchAttributes.MaxKeywordBytes);
        Assert.StartsWith(value, name, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(value[^1]), "the cut split a surrogate pair");
    }
}
