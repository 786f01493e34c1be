using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Analyzers.Tests.Corpus;

/// <summary>
/// Broken variants of a source, as code looks while it is typed or after a bad edit: truncated, missing tokens or
/// braces, wrong types, absurd sizes, shuffled tokens. Deterministic for a given seed.
/// </summary>
public static class Mutations
{
    private static readonly string[] AbsurdNumbers = { "0", "-1", "long.MaxValue", "int.MinValue", "9223372036854775807", "1000000000000", "-0", "1L << 62" };

    private static readonly string[] WrongTypes = { "string", "int", "Tensor", "Sequential", "Linear[]", "ModuleList<Embedding>", "object", "Module<Tensor, Tensor>", "Undefined" };

    private static readonly string[] Fragments = { "(", ")", "{", "}", ";", ",", "=", "=>", "new", "this", "base", ".", "[", "]", "\"", "/*", "#if X", "Member =", "Lambda = ", "Transpose = true" };

    public static IEnumerable<(string Kind, string Source)> Of(string source, int seed, int perKind)
    {
        var random = new Random(seed);
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();

        for (int i = 1; i <= perKind; i++)
            yield return ("truncated", source.Substring(0, source.Length * i / (perKind + 1)));

        for (int i = 0; i < perKind; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            yield return ("token deleted", source.Remove(token.SpanStart, token.Span.Length));
        }

        var numbers = tokens.Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).ToList();
        for (int i = 0; i < perKind && numbers.Count > 0; i++)
        {
            var token = numbers[random.Next(numbers.Count)];
            yield return ("absurd size", Replace(source, token, AbsurdNumbers[random.Next(AbsurdNumbers.Length)]));
        }

        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();
        for (int i = 0; i < perKind; i++)
        {
            var token = identifiers[random.Next(identifiers.Count)];
            yield return ("wrong type or name", Replace(source, token, WrongTypes[random.Next(WrongTypes.Length)]));
        }

        var braces = tokens.Where(t => t.IsKind(SyntaxKind.CloseBraceToken) || t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseParenToken)).ToList();
        for (int i = 0; i < perKind; i++)
        {
            var token = braces[random.Next(braces.Count)];
            yield return ("brace or parenthesis missing", source.Remove(token.SpanStart, token.Span.Length));
        }

        for (int i = 0; i < perKind; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            yield return ("fragment inserted", source.Insert(token.SpanStart, Fragments[random.Next(Fragments.Length)] + " "));
        }

        for (int i = 0; i < perKind; i++)
        {
            int a = random.Next(tokens.Count), b = random.Next(tokens.Count);
            if (a == b) continue;
            var (first, second) = tokens[a].SpanStart < tokens[b].SpanStart ? (tokens[a], tokens[b]) : (tokens[b], tokens[a]);
            if (first.Span.End > second.SpanStart) continue;
            string swapped = source.Substring(0, first.SpanStart) + second.Text + source.Substring(first.Span.End, second.SpanStart - first.Span.End) + first.Text + source.Substring(second.Span.End);
            yield return ("tokens swapped", swapped);
        }

        var lines = source.Split('\n');
        for (int i = 0; i < perKind; i++)
        {
            int line = random.Next(lines.Length);
            var copy = lines.ToList();
            if (random.Next(2) == 0) copy.Insert(line, lines[line]);
            else copy.RemoveAt(line);
            yield return ("line duplicated or removed", string.Join("\n", copy));
        }
    }

    private static string Replace(string source, SyntaxToken token, string text)
        => source.Substring(0, token.SpanStart) + text + source.Substring(token.Span.End);
}
