using System.Globalization;
using Serilog.Events;
using Serilog.Parsing;

namespace Release.Logging.Formatting;

/// <summary>
/// Renders the message for people: strings unquoted, and document properties (a whole report)
/// left out, since they travel in their own field and would swamp the line.
/// </summary>
internal static class MessageRenderer
{
    public static string Render(LogEvent logEvent, IReadOnlyCollection<DocumentProperty> documents)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    output.Write(text.Text);
                    break;
                case PropertyToken property when documents.Any(d => d.PropertyName == property.PropertyName):
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string s })
                    {
                        output.Write(s);
                    }
                    else
                    {
                        value.Render(output, property.Format, CultureInfo.InvariantCulture);
                    }

                    break;
                default:
                    output.Write(token.ToString());
                    break;
            }
        }

        return output.ToString().TrimEnd();
    }
}
