using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Release.Starter.Cli;

/// <summary>
/// Options and arguments whose values are checked while parsing, with messages in plain words
/// (the parser's own say "as expected type 'System.Nullable`1[System.Double]'").
/// </summary>
internal static class Values
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];

    /// <summary>A duration: seconds as a number (2, 0.5) or with a unit (500ms, 2s, 1m).</summary>
    public static Option<double?> Seconds(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "seconds",
        CustomParser = result =>
        {
            var text = Single(result);
            if (ParseSeconds(text) is { } seconds)
            {
                return seconds;
            }

            result.AddError($"{name} '{text}' is not a duration: give seconds (2, 0.5) or a unit (500ms, 2s, 1m, 1h, 1d)");
            return null;
        },
    };

    /// <summary>A finite decimal number.</summary>
    public static Option<double> Number(string name, string description, string helpName, double fallback) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = Single(result);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a number (e.g. {fallback.ToString(CultureInfo.InvariantCulture)} or 0.5)");
            return fallback;
        },
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> WholeNumber(string name, string description, int fallback, int min, int max) => new(name)
    {
        Description = $"{description} (default {fallback}).",
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a whole number from {min} to {max}");
            return fallback;
        },
    };

    /// <summary>An optional whole number of at least <paramref name="min"/>; null when not given.</summary>
    public static Option<int?> AtLeast(string name, string description, int min, string helpName = "n") => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min)
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a whole number of {min} or more");
            return null;
        },
    };

    /// <summary>A repeatable whole number of at least 1, e.g. a plan stage.</summary>
    public static Option<int[]> Positives(string name, string description, string helpName = "n") => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = result =>
        {
            var values = new List<int>();
            foreach (var token in result.Tokens)
            {
                if (int.TryParse(token.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= 1)
                {
                    values.Add(value);
                }
                else
                {
                    result.AddError($"{name} '{token.Value}' is not a stage number (1, 2, ...)");
                }
            }

            return [.. values];
        },
    };

    /// <summary>One of a few words, case-insensitive; the words are also what completion offers.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name)
        {
            Description = description,
            HelpName = string.Join("|", choices),
            CustomParser = result =>
            {
                var text = Single(result);
                if (choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } choice)
                {
                    return choice;
                }

                result.AddError($"{name} '{text}' is not one of {string.Join(", ", choices)}");
                return null;
            },
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>The workflow id of a release: never blank (Temporal would answer "cannot reach", which misleads).</summary>
    public static Argument<string> ReleaseId(string description)
    {
        var argument = new Argument<string>("id") { Description = description };
        argument.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError("the release id is empty; give the workflow id that `release start` printed (`release list` shows them)");
            }
            else if (text.Any(char.IsControl))
            {
                result.AddError("the release id holds control characters; give the workflow id that `release start` printed");
            }
        });
        return argument;
    }

    private static double? ParseSeconds(string text)
    {
        foreach (var (suffix, seconds) in Units.Prepend((Suffix: "", Seconds: 1)))
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value))
            {
                return value * seconds;
            }
        }

        return null;
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value.Trim() : "";
}
