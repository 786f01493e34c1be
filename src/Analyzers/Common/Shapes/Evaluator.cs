using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Common.Shapes;

/// <summary>
/// Evaluates expressions of a constructor (or of a method that creates models) to <see cref="Value"/>s: sizes,
/// tensors, modules. Everything it does not understand is unknown (null); it never throws for user code.
/// </summary>
internal sealed class Evaluator
{
    private readonly InferenceContext _context;
    private readonly Frame _frame;
    private readonly int _moduleDepth;
    private int _depth;

    public Evaluator(InferenceContext context, Frame frame, int moduleDepth)
    {
        _context = context;
        _frame = frame;
        _moduleDepth = moduleDepth;
    }

    public Frame Frame => _frame;

    public int ModuleDepth => _moduleDepth;

    /// <summary>
    /// Whether the code being evaluated may not run (inside a loop, after a return in a branch): what it assigns,
    /// through helpers too, is then not known afterwards.
    /// </summary>
    public bool Conditional { get; set; }

    public Value? Evaluate(IOperation? operation)
    {
        if (operation is null || !_context.Step() || _depth > InferenceContext.MaxExpressionDepth)
            return null;
        _depth++;
        try
        {
            return EvaluateCore(operation);
        }
        finally
        {
            _depth--;
        }
    }

    private Value? EvaluateCore(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
            return Constant(operation.ConstantValue.Value, operation.Type);

        switch (operation)
        {
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand);
            case IParameterReferenceOperation parameter:
                return Parameter(parameter.Parameter);
            case ILocalReferenceOperation local:
                return Local(local.Local);
            case IFieldReferenceOperation field:
                return Field(field);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IBinaryOperation binary:
                return Binary(binary);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return Evaluate(minus.Operand) is SizeValue negated ? Size(SymbolicSize.Negate(negated.Size)) : null;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus:
                return Evaluate(plus.Operand) as SizeValue;
            case ITupleOperation tuple:
                return new TupleValue(tuple.Elements.Select(Evaluate).ToImmutableArray());
            case IObjectCreationOperation creation when IsList(creation.Type):
                return ListCreation(creation);
            case IArrayCreationOperation array:
                return array.Initializer is null
                    ? new SequenceValue(ImmutableArray<Value?>.Empty, isComplete: false)
                    : new SequenceValue(array.Initializer.ElementValues.Select(Evaluate).ToImmutableArray(), isComplete: true);
            case IArrayElementReferenceOperation element:
                return Element(element);
            case IObjectCreationOperation creation:
                return ObjectCreation(creation);
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case IConditionalOperation { WhenFalse: not null } conditional:
                return ConditionalExpression(conditional);
            case ICoalesceOperation coalesce:
                // A known null takes the default; a known value keeps it; unknown stays unknown, and the default may run.
                return Evaluate(coalesce.Value) switch
                {
                    NullValue => Evaluate(coalesce.WhenNull),
                    null => Arms(new[] { coalesce.WhenNull, null }),
                    var known => known,
                };
            case ISwitchExpressionOperation switchExpression:
                return SwitchExpression(switchExpression);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Evaluate(not.Operand) is FlagValue inverted ? FlagValue.Of(!inverted.Flag) : null;
            case ISimpleAssignmentOperation assignment:
                return Evaluate(assignment.Value);
            case IDefaultValueOperation:
                // default of a class or of a nullable value (long? kdim = null) is null.
                return operation.Type is { IsReferenceType: true } or { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } ? NullValue.Instance : null;
            default:
                // Roslyn 4.8 has no operation for collection expressions ([a, b]); read them from syntax.
                if (operation.Syntax is CollectionExpressionSyntax collection)
                    return CollectionExpression(collection);
                return null;
        }
    }

    private static Value? Constant(object? value, ITypeSymbol? type)
    {
        if (type is not null && TorchSymbols.IsScalarType(type) && value is not null)
        {
            var member = type.GetMembers().OfType<IFieldSymbol>()
                .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
            return member is null ? null : new DtypeValue(member.Name);
        }
        return value switch
        {
            null => NullValue.Instance,
            bool flag => FlagValue.Of(flag),
            string text => new StringValue(text),
            int i => Size(SymbolicSize.Constant(i)),
            long l => Size(SymbolicSize.Constant(l)),
            short s => Size(SymbolicSize.Constant(s)),
            byte b => Size(SymbolicSize.Constant(b)),
            sbyte sb => Size(SymbolicSize.Constant(sb)),
            ushort us => Size(SymbolicSize.Constant(us)),
            uint ui => Size(SymbolicSize.Constant(ui)),
            ulong ul when ul <= long.MaxValue => Size(SymbolicSize.Constant((long)ul)),
            _ => null,
        };
    }

    private static Value? Size(SymbolicSize? size) => size is null ? null : new SizeValue(size);

    /// <summary>A value named after something the code does not fix: a free parameter or a configuration object.</summary>
    public static Value? Named(string name, ITypeSymbol? type)
    {
        if (IsInteger(type)) return Size(SymbolicSize.Atom(name));
        if (IsConfiguration(type)) return new ObjectValue(name);
        return null;
    }

    public static bool IsInteger(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16
        or SpecialType.System_UInt32 or SpecialType.System_UInt64;

    /// <summary>A type whose integer members can name sizes: a class, record or struct of the user's, not a tensor or module.</summary>
    public static bool IsConfiguration(ITypeSymbol? type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } named
           && !TorchSymbols.IsModule(named) && !TorchSymbols.IsTensor(named)
           && named.ContainingNamespace?.ToDisplayString() is not ("System" or "System.Collections.Generic")
           && !(named.ContainingNamespace?.ToDisplayString().StartsWith("TorchSharp", System.StringComparison.Ordinal) ?? false)
           && named.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;

    private Value? Parameter(IParameterSymbol parameter)
        => _frame.Parameters.TryGetValue(parameter, out var bound) ? bound : Named(parameter.Name, parameter.Type);

    /// <summary>
    /// A local's value: what the walker last assigned it, in code it runs; elsewhere (the arguments of a model created
    /// in some method) its initializer, when the local is never assigned again, and a collection filled later
    /// (<c>layers.Add(...)</c>) is incomplete.
    /// </summary>
    public Value? Local(ILocalSymbol local)
    {
        if (_frame.Locals.TryGetValue(local, out var cached)) return cached;
        _frame.Locals[local] = null; // A local that reads itself while being evaluated is unknown.

        Value? value = null;
        if (local.DeclaringSyntaxReferences.Length == 1
            && _context.Syntax(local.DeclaringSyntaxReferences[0]) is VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            && declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member
            && !declarator.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            && !_context.WrittenLocals(member).Contains(local))
        {
            value = Evaluate(_context.Operation(initializer.Value));
            if (value is SequenceValue sequence && _context.MutatedLocals(member).Contains(local))
                value = new SequenceValue(sequence.Elements, isComplete: false);
        }
        _frame.Locals[local] = value;
        return value;
    }

    /// <summary>
    /// Replaces what is known of a local, as the walker follows its assignments in order. A local that a lambda or a
    /// local function writes may change at any time: it stays unknown.
    /// </summary>
    public void SetLocal(ILocalSymbol local, Value? value)
        => _frame.Locals[local] = value is not null && _context.WrittenInFunctions(local) ? null : value;

    /// <summary>
    /// Assigns <paramref name="value"/> to what <paramref name="target"/> names: a member of this object, a local or
    /// a parameter; where the code may not run (<see cref="Conditional"/>), the target is no longer known.
    /// </summary>
    public void Write(IOperation target, Value? value, IOperation? source)
    {
        while (target is IConversionOperation conversion) target = conversion.Operand;
        if (Conditional) value = null;
        switch (target)
        {
            case IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field:
                Construction.Assign(_frame, field.Field, value, Conditional ? null : source);
                break;
            case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property.IsIndexer: false } property:
                Construction.Assign(_frame, property.Property, value, Conditional ? null : source);
                break;
            case ILocalReferenceOperation local:
                SetLocal(local.Local, value);
                break;
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
                SetLocal(declared.Local, value);
                break;
            case IParameterReferenceOperation parameter:
                _frame.Parameters[parameter.Parameter] = value is not null && _context.WrittenInFunctions(parameter.Parameter) ? null : value;
                break;
        }
    }

    private Value? Field(IFieldReferenceOperation reference)
    {
        var field = reference.Field;
        if (field.IsStatic)
        {
            if (TorchSymbols.IsScalarType(field.Type) && field.ContainingType is { Name: "torch" })
                return TorchSymbols.DtypeOfTorchField(field.Name) is { } dtype ? new DtypeValue(dtype) : null;
            return field.IsReadOnly ? Named(field.ContainingType.Name + "." + field.Name, field.Type) : null;
        }
        return MemberOf(reference.Instance, field, field.Type);
    }

    private Value? Property(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.IsIndexer)
            return null;
        if (property.IsStatic)
            return property.GetMethod is not null && property.SetMethod is null ? Named(property.ContainingType.Name + "." + property.Name, property.Type) : null;

        // The transpose of a 2-D tensor: weight.T
        if (property.Name is "T" or "mT" && Evaluate(reference.Instance) is TensorValue tensor)
            return tensor.Info.Shape?.Transposed() is { } transposed ? new TensorValue(tensor.Info.WithShape(transposed)) : null;

        if (IsThis(reference.Instance) && !IsAutoProperty(property))
            return ComputedProperty(property);
        return MemberOf(reference.Instance, property, property.Type);
    }

    /// <summary>A member read from <c>this</c> (its value so far) or from another value (a configuration, a module).</summary>
    private Value? MemberOf(IOperation? instance, ISymbol member, ITypeSymbol type)
    {
        if (IsThis(instance))
        {
            if (_frame.Untracked.Contains(member)) return null;
            if (_frame.Members.TryGetValue(member, out var value)) return value;
            // Never assigned yet: a configuration object the constructor does not replace can still name sizes.
            return IsConfiguration(type) ? new ObjectValue(member.Name) : null;
        }

        switch (Evaluate(instance))
        {
            case ObjectValue owner:
                return Named(owner.Path + "." + member.Name, type);
            case ModuleValue module:
                return FromMember(module.Info.Find(member.Name)?.Value);
            default:
                return null;
        }
    }

    public static bool IsThis(IOperation? instance) => instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    private static bool IsAutoProperty(IPropertySymbol property)
        => property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    /// <summary>A get-only property of the object computed from an expression body, such as <c>Width => cfg.Hidden * 4</c>.</summary>
    private Value? ComputedProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (_context.Syntax(reference) is PropertyDeclarationSyntax { ExpressionBody: { } body })
                return Evaluate(_context.Operation(body.Expression));
        }
        return null;
    }

    private static Value? FromMember(InferredMember? member) => member switch
    {
        InferredTensor tensor => new TensorValue(tensor),
        InferredModule module => new ModuleValue(module),
        _ => null,
    };

    private Value? Element(IArrayElementReferenceOperation element)
    {
        // tensor.shape[i]: one size of a known tensor.
        if (element.Indices.Length == 1
            && element.ArrayReference is IPropertyReferenceOperation { Property.Name: "shape" } shape
            && Evaluate(shape.Instance) is TensorValue tensor
            && tensor.Info.Shape is { } known
            && Evaluate(element.Indices[0]) is SizeValue { Size.ConstantValue: long index })
        {
            long position = index < 0 ? known.Rank + index : index;
            return position >= 0 && position < known.Rank ? Size(known.Dims[(int)position].Size) : null;
        }
        return null;
    }

    private Value? Binary(IBinaryOperation binary)
    {
        var left = Evaluate(binary.LeftOperand);
        var right = Evaluate(binary.RightOperand);

        if (binary.OperatorMethod is null)
        {
            switch (binary.OperatorKind)
            {
                case BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals when left is not null && right is not null:
                    return Matches(left, right) is bool equal ? FlagValue.Of(equal == (binary.OperatorKind == BinaryOperatorKind.Equals)) : null;
                case BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And when left is FlagValue l && right is FlagValue r:
                    return FlagValue.Of(l.Flag && r.Flag);
                case BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or when left is FlagValue l && right is FlagValue r:
                    return FlagValue.Of(l.Flag || r.Flag);
            }
        }

        if (left is SizeValue a && right is SizeValue b && binary.OperatorMethod is null)
            return IsInteger(binary.Type) ? Arithmetic(binary.OperatorKind, a, b) : null;

        // Tensor arithmetic: with a number, the tensor keeps its shape; with a tensor of the same shape too.
        if (binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide)
        {
            if (left is TensorValue t1 && (right is TensorValue t2 ? Equals(t1.Info.Shape, t2.Info.Shape) : IsNumber(binary.RightOperand)))
                return t1;
            if (right is TensorValue t3 && IsNumber(binary.LeftOperand))
                return t3;
        }
        return null;
    }

    /// <summary>Integer arithmetic on sizes: <c>+ - * / %</c>; anything else is unknown.</summary>
    public static Value? Arithmetic(BinaryOperatorKind kind, SizeValue a, SizeValue b) => kind switch
    {
        BinaryOperatorKind.Add => Size(SymbolicSize.Add(a.Size, b.Size)),
        BinaryOperatorKind.Subtract => Size(SymbolicSize.Subtract(a.Size, b.Size)),
        BinaryOperatorKind.Multiply => Size(SymbolicSize.Multiply(a.Size, b.Size)),
        BinaryOperatorKind.Divide => Size(SymbolicSize.Divide(a.Size, b.Size)),
        BinaryOperatorKind.Remainder => Size(SymbolicSize.Remainder(a.Size, b.Size)),
        _ => null,
    };

    private static bool IsNumber(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        var type = operation.Type;
        return type is not null && (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal || IsInteger(type)
                                    || type is { Name: "Scalar", ContainingType.Name: "torch" });
    }

    private Value? ConditionalExpression(IConditionalOperation conditional)
    {
        var condition = Evaluate(conditional.Condition);
        if (condition is FlagValue flag)
            return Evaluate(flag.Flag ? conditional.WhenTrue : conditional.WhenFalse);
        return Arms(new[] { conditional.WhenTrue, conditional.WhenFalse });
    }

    /// <summary>
    /// Alternatives of which one runs (the arms of <c>?:</c> or a switch; a null arm runs nothing and has no value):
    /// each is evaluated from the same state, as a helper it calls may assign members, and the state and value after
    /// them are what every arm agrees on.
    /// </summary>
    private Value? Arms(IReadOnlyList<IOperation?> arms)
    {
        if (arms.Count == 0) return null;
        var before = _frame.Save();
        var ends = new List<FrameState>();
        Value? joined = null;
        bool first = true;
        foreach (var arm in arms)
        {
            _frame.Restore(before);
            var value = arm is null ? null : Evaluate(arm);
            ends.Add(_frame.Save());
            joined = first ? value : Value.Join(joined, value);
            first = false;
        }
        _frame.Restore(FrameState.Join(ends));
        return joined;
    }

    /// <summary>
    /// The arm a known value selects (constant patterns and discards, in order), or what every arm that does not throw
    /// agrees on.
    /// </summary>
    private Value? SwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        var governing = Evaluate(switchExpression.Value);
        var arms = switchExpression.Arms.ToList();
        for (int i = 0; i < arms.Count && IsScalar(governing); i++)
        {
            var arm = arms[i];
            if (arm.Guard is not null) break;
            bool? matches = arm.Pattern switch
            {
                IDiscardPatternOperation => true,
                IConstantPatternOperation constant => Matches(governing!, Evaluate(constant.Value)),
                _ => null,
            };
            if (matches is null) break;
            if (matches == true) return Evaluate(arm.Value);
        }

        return Arms(arms.Where(arm => !Throws(arm.Value)).Select(arm => (IOperation?)arm.Value).ToList());
    }

    /// <summary>A throw expression (<c>_ => throw ...</c>): its path makes no value.</summary>
    private static bool Throws(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation is IThrowOperation;
    }

    private static bool IsScalar(Value? value) => value is SizeValue { Size.ConstantValue: not null } or StringValue or FlagValue or NullValue;

    /// <summary>Whether two known scalars are equal; null when that is not known.</summary>
    private static bool? Matches(Value value, Value? pattern) => (value, pattern) switch
    {
        (SizeValue { Size.ConstantValue: long a }, SizeValue { Size.ConstantValue: long b }) => a == b,
        (StringValue a, StringValue b) => a.Text == b.Text,
        (FlagValue a, FlagValue b) => a.Flag == b.Flag,
        (NullValue, NullValue) => true,
        (NullValue, SizeValue or StringValue or FlagValue) or (SizeValue or StringValue or FlagValue, NullValue) => false,
        _ => null,
    };

    private static bool IsList(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "List", Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary><c>new List&lt;T&gt;()</c> (a capacity too) is empty; a collection initializer lists its elements.</summary>
    private Value? ListCreation(IObjectCreationOperation creation)
    {
        if (creation.Arguments.Any(a => !IsInteger(a.Parameter?.Type))) return null;
        var elements = ImmutableArray.CreateBuilder<Value?>();
        foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
        {
            if (initializer is not IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add) return null;
            elements.Add(Evaluate(add.Arguments[0].Value));
        }
        return new SequenceValue(elements.ToImmutable(), isComplete: true);
    }

    private Value? CollectionExpression(CollectionExpressionSyntax collection)
    {
        var elements = ImmutableArray.CreateBuilder<Value?>();
        bool complete = true;
        foreach (var element in collection.Elements)
        {
            switch (element)
            {
                case ExpressionElementSyntax expression:
                    elements.Add(Evaluate(_context.Operation(expression.Expression)));
                    break;
                case SpreadElementSyntax spread:
                    // [.. blocks, head]: the spread collection's elements in place.
                    if (Evaluate(_context.Operation(spread.Expression)) is not SequenceValue spreadValue) return null;
                    elements.AddRange(spreadValue.Elements);
                    complete &= spreadValue.IsComplete;
                    break;
                default:
                    return null;
            }
        }
        return new SequenceValue(elements.ToImmutable(), complete);
    }

    /// <summary>
    /// The value of an argument. A caller-info default (<c>[CallerLineNumber]</c> and the like) is unknown: it stands for
    /// where the call is written, which an edit of whitespace or a comment moves, not for a size.
    /// </summary>
    public Value? EvaluateArgument(IArgumentOperation argument)
        => argument.ArgumentKind == ArgumentKind.DefaultValue && argument.Parameter is { } parameter && IsCallerInfo(parameter)
            ? null
            : Evaluate(argument.Value);

    private static bool IsCallerInfo(IParameterSymbol parameter)
        => parameter.GetAttributes().Any(a => a.AttributeClass is
        {
            Name: "CallerLineNumberAttribute" or "CallerFilePathAttribute" or "CallerMemberNameAttribute" or "CallerArgumentExpressionAttribute",
            ContainingNamespace: { Name: "CompilerServices", ContainingNamespace: { Name: "Runtime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } },
        });

    private ArgumentValues Arguments(ImmutableArray<IArgumentOperation> arguments)
    {
        var values = new Dictionary<string, Value?>();
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter)
                values[parameter.Name] = EvaluateArgument(argument);
        }
        return new ArgumentValues(values);
    }

    private Value? Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.IsStatic && TorchSymbols.IsNnMethod(method))
        {
            var args = Arguments(invocation.Arguments);
            if (method.Name == "Parameter")
                return args["data"] is TensorValue data ? data : null;
            if (method.Name == "ModuleList")
                return args["modules"] as SequenceValue;
            return TorchFactories.Module(method.Name, args) is { } module ? new ModuleValue(module) : null;
        }

        if (method.IsStatic && TorchSymbols.IsTorchMethod(method))
        {
            var args = Arguments(invocation.Arguments);
            var first = invocation.Arguments.Length > 0 ? EvaluateArgument(invocation.Arguments[0]) : null;
            return TorchFactories.Tensor(method.Name, args, first) is { } tensor ? new TensorValue(tensor) : null;
        }

        if (!method.IsStatic && TorchSymbols.IsTensor(method.ContainingType) && Evaluate(invocation.Instance) is TensorValue receiver)
            return TensorMethod(method, receiver.Info, invocation.Arguments);

        // A copy of a list keeps its elements: Sequential(layers.ToArray()).
        if (method.Name is "ToArray" or "ToList" && (invocation.Instance ?? invocation.Arguments.FirstOrDefault()?.Value) is { } source
            && Evaluate(source) is SequenceValue copied)
            return copied;

        // A helper of the user's that builds modules or sizes, static (Encoder(input, hidden)) or an instance method of
        // this object (InceptionBlock(832, 256, ...)); its out arguments are assigned as it assigns them.
        if (method.MethodKind == MethodKind.Ordinary && (method.IsStatic || IsThis(invocation.Instance)))
            return Construction.CallHelper(_context, this, invocation);

        return null;
    }

    /// <summary>Tensor methods whose result has the receiver's shape; called on a member, they leave it as it was.</summary>
    public static readonly HashSet<string> ShapePreserving = new()
    {
        "mul", "div", "add", "sub", "mul_", "div_", "add_", "sub_", "requires_grad_", "clone", "detach", "detach_",
        "contiguous", "uniform_", "normal_", "fill_", "zero_", "clamp", "clamp_", "abs", "neg", "exp", "tanh",
        "sigmoid", "relu", "cpu", "cuda", "alias", "to", "type", "float", "double", "half", "bfloat16", "long", "int",
    };

    private Value? TensorMethod(IMethodSymbol method, InferredTensor receiver, ImmutableArray<IArgumentOperation> arguments)
    {
        if (method.Name == "t")
            return receiver.Shape?.Transposed() is { } transposed ? new TensorValue(receiver.WithShape(transposed)) : null;
        if (!ShapePreserving.Contains(method.Name))
            return null;

        string? dtype = method.Name switch
        {
            "float" => "Float32",
            "double" => "Float64",
            "half" => "Float16",
            "bfloat16" => "BFloat16",
            "long" => "Int64",
            "int" => "Int32",
            _ => receiver.Dtype,
        };
        if (method.Name is "to" or "type")
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } parameter && (TorchSymbols.IsScalarType(parameter.Type) || parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable && TorchSymbols.IsScalarType(nullable.TypeArguments[0])))
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue) continue;
                    dtype = EvaluateArgument(argument) is DtypeValue given ? given.Name : null;
                }
            }
        }
        return new TensorValue(receiver.WithDtype(dtype));
    }

    private Value? ObjectCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type as INamedTypeSymbol;
        if (type is null || creation.Constructor is null) return null;

        if (TorchSymbols.IsParameter(type))
            return Arguments(creation.Arguments)["data"] as TensorValue;

        if (TorchSymbols.ModuleListElement(type) is not null && TorchSymbols.TorchModuleName(type) == "ModuleList")
        {
            var modules = Arguments(creation.Arguments)["modules"];
            return modules as SequenceValue ?? (creation.Arguments.IsEmpty ? new SequenceValue(ImmutableArray<Value?>.Empty, isComplete: true) : null);
        }

        if (TorchSymbols.IsModule(type) && type.DeclaringSyntaxReferences.Length > 0)
        {
            var arguments = new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default);
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { } parameter)
                    arguments[parameter] = EvaluateArgument(argument);
            }
            var module = Construction.UserModule(_context, creation.Constructor, arguments, _moduleDepth + 1);
            return module is null ? null : new ModuleValue(module);
        }
        return null;
    }
}
