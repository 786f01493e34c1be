using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source text with named spans: <c>{|name:text|}</c> marks <c>text</c> as span <c>name</c>. Spans may nest. The
/// markup is removed from the text the compiler sees.
/// </summary>
public sealed class Markup
{
    private Markup(string text, IReadOnlyDictionary<string, TextSpan> spans)
    {
        Text = text;
        Spans = spans;
    }

    /// <summary>The source without markup.</summary>
    public string Text { get; }

    /// <summary>The marked spans by name, in <see cref="Text"/>.</summary>
    public IReadOnlyDictionary<string, TextSpan> Spans { get; }

    public static Markup Parse(string marked)
    {
        var text = new StringBuilder();
        var spans = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        var open = new Stack<(string Name, int Start)>();
        for (int i = 0; i < marked.Length; i++)
        {
            if (marked[i] == '{' && i + 1 < marked.Length && marked[i + 1] == '|')
            {
                int colon = marked.IndexOf(':', i + 2);
                if (colon < 0) throw new FormatException($"Unterminated span name at {i}.");
                open.Push((marked.Substring(i + 2, colon - i - 2), text.Length));
                i = colon;
                continue;
            }
            if (marked[i] == '|' && i + 1 < marked.Length && marked[i + 1] == '}')
            {
                if (open.Count == 0) throw new FormatException($"Span closed at {i} without being opened.");
                var (name, start) = open.Pop();
                if (!spans.TryAdd(name, TextSpan.FromBounds(start, text.Length)))
                    throw new FormatException($"Span '{name}' is marked twice.");
                i++;
                continue;
            }
            text.Append(marked[i]);
        }
        if (open.Count > 0) throw new FormatException($"Span '{open.Peek().Name}' is never closed.");
        return new Markup(text.ToString(), spans);
    }
}
