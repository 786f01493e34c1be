using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Declarative.Common.Shapes;

/// <summary>
/// A tensor dimension as an integer expression over literals, constants, constructor parameters and configuration
/// properties, normalised to a sum of terms so that <c>dim * 4</c>, <c>4 * dim</c> and <c>2 * dim + 2 * dim</c>
/// compare equal. Two sizes are equal exactly when their normal forms are. Operations return null (unknown) on
/// overflow, division by zero, or expressions too large to be worth normalising.
/// </summary>
internal sealed class SymbolicSize : IEquatable<SymbolicSize>
{
    private const int MaxTerms = 32;
    private const int MaxDegree = 8;

    private readonly ValueArray<Term> _terms;

    private SymbolicSize(ValueArray<Term> terms) => _terms = terms;

    public static readonly SymbolicSize Zero = new(ValueArray<Term>.Empty);

    public static SymbolicSize Constant(long value) => value == 0
        ? Zero
        : new SymbolicSize(ValueArray.Create(new Term(value, ValueArray<Factor>.Empty)));

    /// <summary>A named quantity, printed as <paramref name="name"/>.</summary>
    public static SymbolicSize Atom(string name) => Atom(name, isQuotient: false);

    private static SymbolicSize Atom(string name, bool isQuotient)
        => new(ValueArray.Create(new Term(1, ValueArray.Create(new Factor(name, 1, isQuotient)))));

    /// <summary>The terms in canonical order: higher degree first, then by atom; the constant last.</summary>
    public ValueArray<Term> Terms => _terms;

    /// <summary>The value, when the size is a plain number.</summary>
    public long? ConstantValue => _terms.Count switch
    {
        0 => 0,
        1 when _terms[0].Factors.Count == 0 => _terms[0].Coefficient,
        _ => null,
    };

    public static SymbolicSize? Add(SymbolicSize? left, SymbolicSize? right)
    {
        if (left is null || right is null) return null;
        return Normalize(left._terms.Concat(right._terms));
    }

    public static SymbolicSize? Subtract(SymbolicSize? left, SymbolicSize? right) => Add(left, Negate(right));

    public static SymbolicSize? Negate(SymbolicSize? size)
    {
        if (size is null) return null;
        var terms = new List<Term>();
        foreach (var term in size._terms)
        {
            if (term.Coefficient == long.MinValue) return null;
            terms.Add(new Term(-term.Coefficient, term.Factors));
        }
        return Normalize(terms);
    }

    public static SymbolicSize? Multiply(SymbolicSize? left, SymbolicSize? right)
    {
        if (left is null || right is null) return null;
        if (left._terms.Count * right._terms.Count > MaxTerms) return null;

        var products = new List<Term>();
        foreach (var a in left._terms)
        {
            foreach (var b in right._terms)
            {
                long coefficient;
                try { coefficient = checked(a.Coefficient * b.Coefficient); }
                catch (OverflowException) { return null; }
                var factors = MultiplyFactors(a.Factors, b.Factors);
                if (factors.Sum(f => f.Power) > MaxDegree) return null;
                products.Add(new Term(coefficient, factors));
            }
        }
        return Normalize(products);
    }

    /// <summary>
    /// C# integer division. Exact when the divisor divides every term (then it distributes); otherwise the quotient
    /// is kept whole as one factor, which still compares equal to the same quotient written elsewhere.
    /// </summary>
    public static SymbolicSize? Divide(SymbolicSize? dividend, SymbolicSize? divisor)
    {
        if (dividend is null || divisor is null) return null;
        if (divisor.ConstantValue is long constantDivisor)
        {
            if (constantDivisor == 0) return null;
            if (dividend.ConstantValue is long constantDividend)
            {
                if (constantDividend == long.MinValue && constantDivisor == -1) return null;
                return Constant(constantDividend / constantDivisor);
            }
        }

        if (divisor._terms.Count == 1)
        {
            var by = divisor._terms[0];
            var quotients = new List<Term>();
            foreach (var term in dividend._terms)
            {
                if (term.Coefficient == long.MinValue && by.Coefficient == -1) return null;
                if (term.Coefficient % by.Coefficient != 0) { quotients = null; break; }
                var factors = DivideFactors(term.Factors, by.Factors);
                if (factors is null) { quotients = null; break; }
                quotients.Add(new Term(term.Coefficient / by.Coefficient, factors.Value));
            }
            if (quotients is not null)
                return Normalize(quotients);
        }

        string text = dividend.Print(asDividend: true) + " / " + divisor.Print(asDivisor: true);
        return Atom(text, isQuotient: true);
    }

    /// <summary>
    /// C# integer remainder: a number for numbers, otherwise kept whole as one opaque factor, like a quotient that
    /// does not divide exactly.
    /// </summary>
    public static SymbolicSize? Remainder(SymbolicSize? dividend, SymbolicSize? divisor)
    {
        if (dividend is null || divisor is null) return null;
        if (divisor.ConstantValue is long constantDivisor)
        {
            if (constantDivisor == 0) return null;
            if (dividend.ConstantValue is long constantDividend)
                return constantDivisor == -1 ? Zero : Constant(constantDividend % constantDivisor);
        }
        string text = dividend.Print(asDividend: true) + " % " + divisor.Print(asDivisor: true);
        return Atom(text, isQuotient: true);
    }

    /// <summary>
    /// How two sizes relate. Equal normal forms are the same size; otherwise they differ, unless their difference
    /// involves an opaque factor: <c>(dim / heads) * heads</c> against <c>dim</c> is equal whenever heads divides dim,
    /// so that comparison is undecided rather than an error.
    /// </summary>
    public static ShapeRelation Compare(SymbolicSize left, SymbolicSize right)
    {
        if (left.Equals(right)) return ShapeRelation.Same;
        var difference = Subtract(left, right);
        if (difference is null) return ShapeRelation.Undecided;
        return difference._terms.Any(t => t.Factors.Any(f => f.IsQuotient)) ? ShapeRelation.Undecided : ShapeRelation.Different;
    }

    private static ValueArray<Factor> MultiplyFactors(ValueArray<Factor> left, ValueArray<Factor> right)
    {
        var powers = new Dictionary<string, (int Power, bool IsQuotient)>(StringComparer.Ordinal);
        foreach (var factor in left.Concat(right))
        {
            powers.TryGetValue(factor.Atom, out var existing);
            powers[factor.Atom] = (existing.Power + factor.Power, factor.IsQuotient);
        }
        return powers.Select(p => new Factor(p.Key, p.Value.Power, p.Value.IsQuotient)).OrderBy(f => f).ToValueArray();
    }

    private static ValueArray<Factor>? DivideFactors(ValueArray<Factor> dividend, ValueArray<Factor> divisor)
    {
        var powers = dividend.ToDictionary(f => f.Atom, f => f, StringComparer.Ordinal);
        foreach (var factor in divisor)
        {
            if (!powers.TryGetValue(factor.Atom, out var existing) || existing.Power < factor.Power)
                return null;
            int power = existing.Power - factor.Power;
            if (power == 0) powers.Remove(factor.Atom);
            else powers[factor.Atom] = new Factor(factor.Atom, power, existing.IsQuotient);
        }
        return powers.Values.OrderBy(f => f).ToValueArray();
    }

    private static SymbolicSize? Normalize(IEnumerable<Term> terms)
    {
        var sums = new Dictionary<ValueArray<Factor>, long>();
        var order = new List<ValueArray<Factor>>();
        foreach (var term in terms)
        {
            if (sums.TryGetValue(term.Factors, out long sum))
            {
                try { sums[term.Factors] = checked(sum + term.Coefficient); }
                catch (OverflowException) { return null; }
            }
            else
            {
                sums[term.Factors] = term.Coefficient;
                order.Add(term.Factors);
            }
        }
        var normal = order
            .Where(f => sums[f] != 0)
            .Select(f => new Term(sums[f], f))
            .ToList();
        if (normal.Count > MaxTerms) return null;
        normal.Sort(CompareTerms);
        return new SymbolicSize(normal.ToValueArray());
    }

    private static int CompareTerms(Term a, Term b)
    {
        int byDegree = b.Degree.CompareTo(a.Degree);
        if (byDegree != 0) return byDegree;
        for (int i = 0; i < Math.Min(a.Factors.Count, b.Factors.Count); i++)
        {
            int byFactor = a.Factors[i].CompareTo(b.Factors[i]);
            if (byFactor != 0) return byFactor;
        }
        return a.Factors.Count.CompareTo(b.Factors.Count);
    }

    public bool Equals(SymbolicSize? other) => other is not null && _terms.Equals(other._terms);

    public override bool Equals(object? obj) => Equals(obj as SymbolicSize);

    public override int GetHashCode() => _terms.GetHashCode();

    /// <summary>The size as C# would read it back: <c>vocab</c>, <c>4 * dim</c>, <c>dim + 1</c>, <c>dim / 3</c>.</summary>
    public override string ToString() => Print(asDividend: false, asDivisor: false);

    private string Print(bool asDividend = false, bool asDivisor = false)
    {
        if (_terms.Count == 0) return "0";

        var text = new StringBuilder();
        for (int i = 0; i < _terms.Count; i++)
        {
            var term = _terms[i];
            bool negative = term.Coefficient < 0;
            if (i == 0) { if (negative) text.Append('-'); }
            else text.Append(negative ? " - " : " + ");
            text.Append(PrintMagnitude(term));
        }

        string result = text.ToString();
        bool isSum = _terms.Count > 1;
        bool isProduct = !isSum && (_terms[0].Factors.Count > 1 || _terms[0].Factors.Sum(f => f.Power) > 1
                                    || (_terms[0].Factors.Count > 0 && Math.Abs((decimal)_terms[0].Coefficient) != 1));
        bool isQuotient = !isSum && _terms[0].Factors.Count == 1 && _terms[0].Factors[0].IsQuotient;
        bool isNegative = _terms[0].Coefficient < 0;
        if (asDividend && isSum) return "(" + result + ")";
        if (asDivisor && (isSum || isProduct || isQuotient || isNegative)) return "(" + result + ")";
        return result;
    }

    private static string PrintMagnitude(Term term)
    {
        decimal magnitude = Math.Abs((decimal)term.Coefficient);
        if (term.Factors.Count == 0)
            return magnitude.ToString(CultureInfo.InvariantCulture);

        var parts = new List<string>();
        if (magnitude != 1) parts.Add(magnitude.ToString(CultureInfo.InvariantCulture));
        bool inProduct = magnitude != 1 || term.Factors.Count > 1 || term.Factors[0].Power > 1 || term.Coefficient < 0;
        foreach (var factor in term.Factors)
        {
            string atom = factor.IsQuotient && inProduct ? "(" + factor.Atom + ")" : factor.Atom;
            for (int p = 0; p < factor.Power; p++) parts.Add(atom);
        }
        return string.Join(" * ", parts);
    }
}

/// <summary>
/// One factor of a product: a named quantity (<c>dim</c>, <c>cfg.Hidden</c>, <c>Model.Width</c>) raised to a power.
/// A quotient that does not divide exactly (<c>dim / 3</c>) or a remainder (<c>dim % 8</c>) is kept as one opaque
/// factor, because integer division does not distribute; <see cref="IsQuotient"/> marks it, to print it in
/// parentheses inside a product and to leave comparisons that depend on it undecided.
/// </summary>
internal readonly struct Factor : IEquatable<Factor>, IComparable<Factor>
{
    public Factor(string atom, int power, bool isQuotient)
    {
        Atom = atom;
        Power = power;
        IsQuotient = isQuotient;
    }

    public string Atom { get; }

    public int Power { get; }

    public bool IsQuotient { get; }

    public bool Equals(Factor other) => Atom == other.Atom && Power == other.Power && IsQuotient == other.IsQuotient;

    public override bool Equals(object? obj) => obj is Factor other && Equals(other);

    public override int GetHashCode() => unchecked((Atom?.GetHashCode() ?? 0) * 31 + Power);

    public int CompareTo(Factor other)
    {
        int byAtom = string.CompareOrdinal(Atom, other.Atom);
        return byAtom != 0 ? byAtom : other.Power.CompareTo(Power);
    }
}

/// <summary>A coefficient times a product of factors, e.g. <c>4 * dim</c>; no factors makes a constant.</summary>
internal readonly struct Term : IEquatable<Term>
{
    public Term(long coefficient, ValueArray<Factor> factors)
    {
        Coefficient = coefficient;
        Factors = factors;
    }

    public long Coefficient { get; }

    /// <summary>Sorted by atom, each atom once.</summary>
    public ValueArray<Factor> Factors { get; }

    public int Degree => Factors.Sum(f => f.Power);

    public bool Equals(Term other) => Coefficient == other.Coefficient && Factors.Equals(other.Factors);

    public override bool Equals(object? obj) => obj is Term other && Equals(other);

    public override int GetHashCode() => unchecked(Coefficient.GetHashCode() * 31 + Factors.GetHashCode());
}
