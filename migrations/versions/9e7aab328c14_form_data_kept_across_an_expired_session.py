"""Form data kept across an expired session

Revision ID: 9e7aab328c14
Revises: 19eb34011626
Create Date: 2026-11-23 20:02:52.334081

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e7aab328c14'
down_revision = '19eb34011626'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_stashes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_stashes')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_form_stashes_key_hash'))
    )


def downgrade():
    op.drop_table('form_stashes')
