using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Shapes;

/// <summary>
/// The object under construction: the values its fields and auto-properties hold so far, and the parameters of the
/// constructor being read.
/// </summary>
internal sealed class Frame
{
    public Frame(INamedTypeSymbol type) => Type = type;

    public INamedTypeSymbol Type { get; }

    /// <summary>Field and auto-property values so far; a null value is an assignment whose value is not known.</summary>
    public Dictionary<ISymbol, Value?> Members { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The expression each member was last assigned from, where that assignment always runs.</summary>
    public Dictionary<ISymbol, IOperation> Creations { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The arguments of the constructor being read; parameters missing here are free (named sizes).</summary>
    public Dictionary<IParameterSymbol, Value?> Parameters { get; set; } = new(SymbolEqualityComparer.Default);

    /// <summary>Members that code inference cannot follow (a helper method) assigns: their value is not known.</summary>
    public HashSet<ISymbol> Untracked { get; } = new(SymbolEqualityComparer.Default);

    public Dictionary<ILocalSymbol, Value?> Locals { get; } = new(SymbolEqualityComparer.Default);
}

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
                return Conditional(conditional);
            case ISimpleAssignmentOperation assignment:
                return Evaluate(assignment.Value);
            case IDefaultValueOperation:
                return operation.Type?.IsReferenceType == true ? NullValue.Instance : null;
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
    /// A local's value: its initializer, when the local is never assigned again. A collection that is filled later
    /// (<c>layers.Add(...)</c>) starts incomplete; the walker adds the elements it sees.
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

    /// <summary>Replaces what is known of a local, as the walker follows its collection filling up.</summary>
    public void SetLocal(ILocalSymbol local, Value? value) => _frame.Locals[local] = value;

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

    private static bool IsThis(IOperation? instance) => instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

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

    private static Value? FromMember(MemberValue? member) => member switch
    {
        TensorInfo tensor => new TensorValue(tensor),
        ModuleInfo module => new ModuleValue(module),
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

        if (left is SizeValue a && right is SizeValue b && binary.OperatorMethod is null)
        {
            if (!IsInteger(binary.Type)) return null;
            return binary.OperatorKind switch
            {
                BinaryOperatorKind.Add => Size(SymbolicSize.Add(a.Size, b.Size)),
                BinaryOperatorKind.Subtract => Size(SymbolicSize.Subtract(a.Size, b.Size)),
                BinaryOperatorKind.Multiply => Size(SymbolicSize.Multiply(a.Size, b.Size)),
                BinaryOperatorKind.Divide => Size(SymbolicSize.Divide(a.Size, b.Size)),
                BinaryOperatorKind.Remainder => Size(SymbolicSize.Remainder(a.Size, b.Size)),
                _ => null,
            };
        }

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

    private static bool IsNumber(IOperation operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        var type = operation.Type;
        return type is not null && (type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal || IsInteger(type)
                                    || type is { Name: "Scalar", ContainingType.Name: "torch" });
    }

    private Value? Conditional(IConditionalOperation conditional)
    {
        var condition = Evaluate(conditional.Condition);
        if (condition is FlagValue flag)
            return Evaluate(flag.Flag ? conditional.WhenTrue : conditional.WhenFalse);
        var whenTrue = Evaluate(conditional.WhenTrue);
        var whenFalse = Evaluate(conditional.WhenFalse);
        return whenTrue is not null && SameValue(whenTrue, whenFalse) ? whenTrue : null;
    }

    private static bool SameValue(Value a, Value? b) => (a, b) switch
    {
        (SizeValue x, SizeValue y) => x.Size.Equals(y.Size),
        (FlagValue x, FlagValue y) => x.Flag == y.Flag,
        (TensorValue x, TensorValue y) => x.Info.Equals(y.Info),
        (ModuleValue x, ModuleValue y) => x.Info.Equals(y.Info),
        _ => false,
    };

    private Value? CollectionExpression(CollectionExpressionSyntax collection)
    {
        var elements = ImmutableArray.CreateBuilder<Value?>();
        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax expression) return null;
            elements.Add(Evaluate(_context.Operation(expression.Expression)));
        }
        return new SequenceValue(elements.ToImmutable(), isComplete: true);
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

        // A static helper of the user's that builds modules or sizes: Encoder(input, hidden), NewLayers(config).
        if (method is { IsStatic: true, MethodKind: MethodKind.Ordinary, ReturnsVoid: false } && method.DeclaringSyntaxReferences.Length == 1)
            return Construction.CallHelper(_context, method, Construction.Bind(this, invocation.Arguments), _moduleDepth);

        return null;
    }

    private static readonly HashSet<string> ShapePreserving = new()
    {
        "mul", "div", "add", "sub", "mul_", "div_", "add_", "sub_", "requires_grad_", "clone", "detach", "detach_",
        "contiguous", "uniform_", "normal_", "fill_", "zero_", "clamp", "clamp_", "abs", "neg", "exp", "tanh",
        "sigmoid", "relu", "cpu", "cuda", "alias", "to", "type", "float", "double", "half", "bfloat16", "long", "int",
    };

    private Value? TensorMethod(IMethodSymbol method, TensorInfo receiver, ImmutableArray<IArgumentOperation> arguments)
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
