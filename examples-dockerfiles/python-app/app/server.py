def main():
    print("hello from app")
