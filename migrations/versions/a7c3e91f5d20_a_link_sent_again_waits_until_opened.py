"""A link sent again to a person who signed up again waits beside the old one until it is opened

Signing up again with an address mails a new link; the link before it used to stop at once, so a
stranger typing someone's address stopped the link that person was answering through. Now the new
link is kept apart (next_token_hash) and replaces the old one when it is first opened.

Revision ID: a7c3e91f5d20
Revises: f4ce0e603574
Create Date: 2026-12-07 19:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91f5d20'
down_revision = 'f4ce0e603574'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_next_token_hash'), ['next_token_hash'])


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_next_token_hash'), type_='unique')
        batch_op.drop_column('next_token_hash')
