using System.Text.RegularExpressions;

namespace Release.TestBed.Git;

/// <summary>
/// A shell-style branch pattern (<c>*.x</c>, <c>3.?.x</c>): <c>*</c> is any run of characters
/// (slashes included, so <c>release/3.1.x</c> matches <c>*.x</c>), <c>?</c> one character.
/// </summary>
public sealed class BranchPattern
{
    public const string Default = "*.x";

    private readonly Regex regex;

    private BranchPattern(string text, Regex regex)
    {
        Text = text;
        this.regex = regex;
    }

    public string Text { get; }

    public static BranchPattern Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace))
        {
            throw new TestBedException($"--branches '{text}' is not a branch pattern; write one such as '*.x'");
        }

        var body = Regex.Escape(text).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal);
        return new BranchPattern(text, new Regex($"^{body}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    public bool Matches(string branch) => regex.IsMatch(branch);

    public override string ToString() => Text;
}
