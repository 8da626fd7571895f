using System.Text;

namespace Api.Tests.Hooks;

/// <summary>
/// What the process writes to the console from now on (the API logs there), still passed through
/// to the real console. Installed once and never removed: the console logger keeps the writer it
/// found when it was made, so hosts built after <see cref="Install"/> are the ones captured.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly Lazy<Tee> Installed = new(() =>
    {
        var tee = new Tee(Console.Out);
        Console.SetOut(tee);
        return tee;
    });

    public static void Install() => _ = Installed.Value;

    public static string Text => Installed.Value.Text;

    private sealed class Tee(TextWriter inner) : TextWriter
    {
        private readonly StringBuilder captured = new();

        public override Encoding Encoding => inner.Encoding;

        public string Text
        {
            get
            {
                lock (captured)
                {
                    return captured.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (captured)
            {
                captured.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(string? value)
        {
            lock (captured)
            {
                captured.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));
    }
}
