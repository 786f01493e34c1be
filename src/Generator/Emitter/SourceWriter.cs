using System;
using System.Collections.Generic;
using System.Text;

namespace Declarative.Generator.Emitter;

/// <summary>
/// Writes C# text line by line with four-space indentation and '\n' line ends, whatever the host. The wrapping
/// helpers keep what they write within <see cref="MaxLineLength"/>, breaking where a person would; a word or type
/// name longer than the room left stays whole. What <see cref="Line"/> writes, the caller keeps short.
/// </summary>
internal sealed class SourceWriter
{
    /// <summary>The longest line the wrapping helpers write.</summary>
    public const int MaxLineLength = 120;

    private readonly StringBuilder _text = new();
    private int _indentation;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
            _text.Append(' ', 4 * _indentation).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Whether <paramref name="line"/> fits within <see cref="MaxLineLength"/> at the current indentation.</summary>
    public bool Fits(string line) => 4 * _indentation + line.Length <= MaxLineLength;

    /// <summary>Writes <paramref name="opening"/> and a brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string opening)
    {
        Line(opening);
        return Block();
    }

    /// <summary>Writes a brace, after a signature already written, and indents until the returned scope is disposed.</summary>
    public IDisposable Block()
    {
        Line("{");
        _indentation++;
        return new Scope(this);
    }

    public IDisposable Indent()
    {
        _indentation++;
        return new Indentation(this);
    }

    /// <summary>
    /// Writes <paramref name="text"/> as comment lines that start with <paramref name="prefix"/> (<c>//</c> or
    /// <c>///</c>), breaking at spaces that are not inside brackets or tags, so that <c>weight [vocab, dim]</c> and
    /// <c>&lt;see cref="x"/&gt;</c> stay whole.
    /// </summary>
    public void Comment(string prefix, string text)
    {
        var line = new StringBuilder(prefix);
        foreach (var word in Words(text))
        {
            if (line.Length > prefix.Length && !Fits(line + " " + word))
            {
                Line(line.ToString());
                line.Clear().Append(prefix);
            }
            line.Append(' ').Append(word);
        }
        Line(line.ToString());
    }

    /// <summary>A <c>&lt;summary&gt;</c> on one line when it fits, else its text wrapped between the tags.</summary>
    public void Summary(string text) => Doc("summary", text);

    /// <summary>A documentation element such as <c>remarks</c> or <c>returns</c>, on one line when it fits, else wrapped.</summary>
    public void Doc(string element, string text)
    {
        string single = $"/// <{element}>{text}</{element}>";
        if (Fits(single))
        {
            Line(single);
            return;
        }
        Line($"/// <{element}>");
        Comment("///", text);
        Line($"/// </{element}>");
    }

    /// <summary>
    /// Lines of code with comments, such as the members of one group: each comment after its code when every one
    /// fits so, else every comment on its own lines above its code, so that the lines of a group read alike.
    /// </summary>
    public void LinesWithComments(IReadOnlyList<(string Code, string? Comment)> lines)
    {
        bool trailing = true;
        foreach (var (code, comment) in lines)
            trailing &= comment is null || Fits($"{code} // {comment}");
        foreach (var (code, comment) in lines)
        {
            if (comment is null)
                Line(code);
            else if (trailing)
                Line($"{code} // {comment}");
            else
            {
                Comment("//", comment);
                Line(code);
            }
        }
    }

    /// <summary>
    /// A member's signature, without its body. On one line when it fits; else, when the line up to the name's
    /// parenthesis fits, the parameters one a line below it; else the modifiers and return type begin the first line
    /// and the name the next, one level deeper, broken further where they still do not fit: a tuple return type opens
    /// on the first line with one element a line, another return type takes a line of its own, and the parameters go
    /// one a line. The body that follows is indented one level.
    /// </summary>
    /// <param name="modifiers">For example <c>public override</c>.</param>
    /// <param name="returnType">The return type as written, e.g. a tuple <c>(string a, int b)</c>.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="parameters">The parameters as written, in order.</param>
    public void Signature(string modifiers, string returnType, string name, IReadOnlyList<string> parameters)
    {
        string call = $"{name}({string.Join(", ", parameters)})";
        if (Fits($"{modifiers} {returnType} {call}"))
        {
            Line($"{modifiers} {returnType} {call}");
            return;
        }

        // The name stays beside a return type short enough, the parameters one a line below: the usual C# layout.
        string head = $"{modifiers} {returnType} {name}(";
        if (parameters.Count > 0 && Fits(head))
        {
            Line(head);
            using (Indent())
                OnePerLine(string.Join(", ", parameters), ")");
            return;
        }

        bool tuple = returnType.StartsWith("(", StringComparison.Ordinal) && returnType.EndsWith(")", StringComparison.Ordinal);
        if (Fits($"{modifiers} {returnType}"))
        {
            Line($"{modifiers} {returnType}");
        }
        else if (tuple)
        {
            Line($"{modifiers} (");
            using (Indent())
                OnePerLine(returnType.Substring(1, returnType.Length - 2), ")");
        }
        else
        {
            Line(modifiers);
            using (Indent())
                Code(returnType);
        }

        using (Indent())
        {
            if (Fits(call) || parameters.Count == 0)
            {
                Code(call);
                return;
            }
            Line(name + "(");
            using (Indent())
                OnePerLine(string.Join(", ", parameters), ")");
        }
    }

    /// <summary>The items of a comma-separated list, one a line, the last followed by <paramref name="close"/>.</summary>
    private void OnePerLine(string list, string close)
    {
        var items = TopLevelItems(list);
        for (int i = 0; i < items.Count; i++)
            Code(items[i] + (i < items.Count - 1 ? "," : close));
    }

    /// <summary>
    /// A piece of code on one line if it fits; else broken where a person would break it, the rest one level deeper:
    /// at its first space outside brackets (a parameter's type, then its name), or, in a type such as
    /// <c>IEnumerable&lt;(string name, Parameter parameter)&gt;</c>, after the first comma of the shallowest list.
    /// </summary>
    private void Code(string code)
    {
        int split = Fits(code) ? -1 : BreakPoint(code);
        if (split < 0)
        {
            Line(code);
            return;
        }
        Line(code.Substring(0, split).TrimEnd());
        using (Indent())
            Code(code.Substring(split + 1).TrimStart());
    }

    /// <summary>The index of the space to break <paramref name="code"/> at, or -1 where it has none.</summary>
    private static int BreakPoint(string code)
    {
        int best = -1, bestDepth = int.MaxValue, depth = 0;
        for (int i = 0; i < code.Length; i++)
        {
            depth = Math.Max(0, depth + Nesting(code[i]));
            // Inside brackets only after a comma: "Dictionary<string, Tensor>" breaks as a list, never mid-item.
            bool candidate = code[i] == ' ' && (depth == 0 || code[i - 1] == ',');
            if (candidate && depth < bestDepth)
            {
                best = i;
                bestDepth = depth;
            }
        }
        return best;
    }

    /// <summary>The comma-separated items of a list, split only at commas outside brackets: <c>Dictionary&lt;a, b&gt; x</c> stays whole.</summary>
    private static List<string> TopLevelItems(string list)
    {
        var items = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            depth = Math.Max(0, depth + Nesting(list[i]));
            if (list[i] == ',' && depth == 0)
            {
                items.Add(list.Substring(start, i - start).Trim());
                start = i + 1;
            }
        }
        items.Add(list.Substring(start).Trim());
        return items;
    }

    /// <summary>The words of a text, split at spaces outside brackets and tags, except before a shape.</summary>
    private static IEnumerable<string> Words(string text)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            depth = Math.Max(0, depth + Nesting(text[i]));
            // A name and the shape after it stay together: "weight [vocab, dim]".
            bool beforeShape = i + 1 < text.Length && text[i + 1] == '[';
            if (text[i] == ' ' && depth == 0 && !beforeShape)
            {
                if (i > start) yield return text.Substring(start, i - start);
                start = i + 1;
            }
        }
        if (text.Length > start) yield return text.Substring(start);
    }

    private static int Nesting(char c) => c switch
    {
        '(' or '[' or '<' => 1,
        ')' or ']' or '>' => -1,
        _ => 0,
    };

    public override string ToString() => _text.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        public Scope(SourceWriter writer) => _writer = writer;
        public void Dispose()
        {
            _writer._indentation--;
            _writer.Line("}");
        }
    }

    private sealed class Indentation : IDisposable
    {
        private readonly SourceWriter _writer;
        public Indentation(SourceWriter writer) => _writer = writer;
        public void Dispose() => _writer._indentation--;
    }
}
